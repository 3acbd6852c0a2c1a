package org.rasterhub.portal.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import org.rasterhub.portal.security.AccountInfo;
import org.rasterhub.portal.security.AccountService;
import org.rasterhub.portal.security.ApiTokenService;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.CreatedToken;
import org.rasterhub.portal.security.GroupInfo;
import org.rasterhub.portal.security.GroupService;
import org.rasterhub.portal.security.Role;

/** {@code /api/accounts}, {@code /api/groups}, {@code /api/tokens}: who may use the portal. */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class AccountsResource {
    private final AccountService accounts;
    private final GroupService groups;
    private final ApiTokenService tokens;

    @Inject
    public AccountsResource(AccountService accounts, GroupService groups, ApiTokenService tokens) {
        this.accounts = accounts;
        this.groups = groups;
        this.tokens = tokens;
    }

    public AccountsResource() {
        this(null, null, null);
    }

    /** Creates an account (administrators): {@code {"username", "password", "role"}}; 201. */
    @POST
    @Path("accounts")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createAccount(String body, @Context SecurityContext security, @Context UriInfo uri) {
        AccountRequest request = required(Json.read(body, AccountRequest.class),
                "send {\"username\", \"password\", \"role\": \"viewer|user|publisher|administrator\"}");
        AccountInfo created = accounts.createAccount(caller(security), request.username(),
                request.password() == null ? null : request.password().toCharArray(), role(request.role()));
        return Json.status(201, created)
                .location(uri.getBaseUriBuilder().path("accounts").path(created.username()).build()).build();
    }

    /** Body of {@code POST /api/accounts} and {@code PUT /api/accounts/{username}}. */
    public record AccountRequest(String username, String password, String role, String currentPassword,
                                 Boolean disabled) {
    }

    /** All accounts (administrators). */
    @GET
    @Path("accounts")
    public Response accounts(@Context SecurityContext security) {
        return Json.ok(accounts.accounts(caller(security)));
    }

    /** The caller's own account. */
    @GET
    @Path("accounts/me")
    public Response me(@Context SecurityContext security) {
        return Json.ok(accounts.me(caller(security)));
    }

    /**
     * Changes an account: {@code {"role"}} and {@code {"disabled": true|false}} (administrators) and/or
     * {@code {"password", "currentPassword"}} (the account itself with its current password, or an
     * administrator).
     */
    @PUT
    @Path("accounts/{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changeAccount(@PathParam("username") String username, String body,
                                  @Context SecurityContext security) {
        AccountRequest request = required(Json.read(body, AccountRequest.class),
                "send {\"role\"}, {\"disabled\"} and/or {\"password\", \"currentPassword\"}");
        Caller caller = caller(security);
        // One change, all or nothing: a refused role change leaves the password as it was.
        accounts.change(caller, username, new AccountService.AccountChange(
                request.role() == null ? null : role(request.role()), request.disabled(),
                request.password() == null ? null : request.password().toCharArray(),
                request.currentPassword() == null ? null : request.currentPassword().toCharArray()));
        return Json.ok(accounts.account(caller, username));
    }

    /** Creates a group owned by the caller: {@code {"name", "description"}}; 201. */
    @POST
    @Path("groups")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createGroup(String body, @Context SecurityContext security, @Context UriInfo uri) {
        GroupRequest request = required(Json.read(body, GroupRequest.class), "send {\"name\", \"description\"}");
        GroupInfo created = groups.create(caller(security), request.name(), request.description());
        return Json.status(201, created)
                .location(uri.getBaseUriBuilder().path("groups").path(Long.toString(created.id())).build()).build();
    }

    /** Body of {@code POST /api/groups}. */
    public record GroupRequest(String name, String description) {
    }

    @GET
    @Path("groups")
    public Response groups(@Context SecurityContext security) {
        return Json.ok(groups.list(caller(security)));
    }

    @GET
    @Path("groups/{id}")
    public Response group(@PathParam("id") String id, @Context SecurityContext security) {
        return Json.ok(groups.get(caller(security), groupId(id)));
    }

    /**
     * Sets a group's members: {@code {"members": ["ana", "ben"]}}. An administrator enrols them; the
     * owner invites those not yet members (they join when they accept) and removes the others. The
     * answer is the same whether or not an account has a given name.
     */
    @PUT
    @Path("groups/{id}/members")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setMembers(@PathParam("id") String id, String body, @Context SecurityContext security) {
        MembersRequest request = required(Json.read(body, MembersRequest.class), "send {\"members\": [usernames]}");
        return Json.ok(groups.setMembers(caller(security), groupId(id),
                request.members() == null ? List.of() : request.members()));
    }

    /** Body of {@code PUT /api/groups/{id}/members}. */
    public record MembersRequest(List<String> members) {
    }

    /** The groups that invite the caller. */
    @GET
    @Path("invitations")
    public Response invitations(@Context SecurityContext security) {
        return Json.ok(groups.invitations(caller(security)));
    }

    /** Accepts a group's invitation: the caller joins; 200 with the group. 404 when not invited. */
    @POST
    @Path("invitations/{groupId}/accept")
    public Response acceptInvitation(@PathParam("groupId") String groupId, @Context SecurityContext security) {
        return Json.ok(groups.accept(caller(security), groupId(groupId)));
    }

    /** Declines a group's invitation; 204. 404 when not invited. */
    @POST
    @Path("invitations/{groupId}/decline")
    public Response declineInvitation(@PathParam("groupId") String groupId, @Context SecurityContext security) {
        groups.decline(caller(security), groupId(groupId));
        return Response.noContent().build();
    }

    @DELETE
    @Path("groups/{id}")
    public Response deleteGroup(@PathParam("id") String id, @Context SecurityContext security) {
        groups.delete(caller(security), groupId(id));
        return Response.noContent().build();
    }

    /**
     * Creates a personal API token: {@code {"name", "days"}} (days optional: no expiry). 201 with the
     * token, shown this once.
     */
    @POST
    @Path("tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createToken(String body, @Context SecurityContext security) {
        TokenRequest request = required(Json.read(body, TokenRequest.class), "send {\"name\", \"days\"}");
        CreatedToken created = tokens.create(caller(security), request.name(), request.days());
        return Json.status(201, created).header("Cache-Control", "no-store").build();
    }

    /** Body of {@code POST /api/tokens}. */
    public record TokenRequest(String name, Integer days) {
    }

    @GET
    @Path("tokens")
    public Response tokens(@Context SecurityContext security) {
        return Json.ok(tokens.list(caller(security)));
    }

    @DELETE
    @Path("tokens/{id}")
    public Response revokeToken(@PathParam("id") String id, @Context SecurityContext security) {
        long tokenId = PathIds.id(id).orElseThrow(jakarta.ws.rs.NotFoundException::new);
        if (!tokens.revoke(caller(security), tokenId)) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        return Response.noContent().build();
    }

    private static Caller caller(SecurityContext security) {
        ApiAuthFilter.user(security); // every endpoint here needs an account
        return ApiAuthFilter.caller(security);
    }

    private static <T> T required(T body, String hint) {
        if (body == null) {
            throw new InvalidRequestException("missing_body", hint);
        }
        return body;
    }

    private static Role role(String name) {
        if (name == null) {
            throw new InvalidRequestException("invalid_role", "role: one of viewer, user, publisher, administrator");
        }
        try {
            return Role.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid_role", "role: one of viewer, user, publisher, administrator; "
                    + "was \"" + name + "\"");
        }
    }

    private static long groupId(String id) {
        return PathIds.id(id).orElseThrow(jakarta.ws.rs.NotFoundException::new);
    }
}
