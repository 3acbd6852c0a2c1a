/*
 * <rasterhub-map>: an OpenLayers map of one run's layers, driven by MapView (org.rasterhub.portal.ui.map).
 *
 * A plain custom element over the OpenLayers WebJar (window.ol), so Vaadin's pre-compiled bundle
 * stays in use. The server sets the "config" attribute (JSON) once:
 *   {layers: [{id, title, kind: "tiles", url: ".../{z}/{x}/{y}.png", extentUrl, visible, opacity}
 *            |{id, title, kind: "vectors", srcAttribute, colors: {className: "#rrggbb"}, visible, opacity}
 *            |{id, title, kind: "vectortiles", url: ".../{z}/{x}/{y}.mvt", extentUrl, colors, visible, opacity}],
 *    swipe: [leftLayerId, rightLayerId] or absent}
 * and later calls setVisible(id, bool), setOpacity(id, 0..1), zoomTo(id), setSwipe(0..1).
 * Once the first view is fitted and drawn, the element sets its "rendered" attribute (tests wait for it).
 */
(function () {
  'use strict';

  function whenOlLoaded(callback) {
    // Vaadin loads ol.js and this file as separate scripts: wait for the one we need.
    if (window.ol) {
      callback();
    } else {
      setTimeout(() => whenOlLoaded(callback), 20);
    }
  }

  function hexToRgba(hex, alpha) {
    const v = parseInt((hex || '#000000').replace('#', ''), 16);
    return 'rgba(' + ((v >> 16) & 255) + ',' + ((v >> 8) & 255) + ',' + (v & 255) + ',' + alpha + ')';
  }

  /**
   * fetch that gives up after a while: a 401 with a Basic challenge (a server without session
   * access to the API) leaves a headless browser waiting for credentials for ever.
   */
  function fetchWithin(url, millis) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), millis);
    return fetch(url, {credentials: 'same-origin', signal: abort.signal})
      .catch(error => Promise.reject(abort.signal.aborted ? new Error(url + ': no answer within ' + millis / 1000
        + ' s') : error))
      .finally(() => clearTimeout(timer));
  }

  class RasterhubMap extends HTMLElement {
    connectedCallback() {
      if (this.map) {
        return;
      }
      whenOlLoaded(() => this.build(JSON.parse(this.getAttribute('config') || '{"layers": []}')));
    }

    build(config) {
      const ol = window.ol;
      this.layersById = {};
      this.extents = {};
      this.swipeFraction = 0.5;
      const target = document.createElement('div');
      target.style.width = '100%';
      target.style.height = '100%';
      this.appendChild(target);
      const popup = document.createElement('div');
      popup.id = 'map-popup';
      popup.style.cssText = 'background: white; border: 1px solid #888; padding: 4px 8px; border-radius: 4px;'
        + ' font: 13px sans-serif; white-space: nowrap; display: none;';
      this.popup = popup;
      const overlay = new ol.Overlay({element: popup, offset: [8, -8], positioning: 'bottom-left'});

      const layers = [];
      const extentPromises = [];
      for (const spec of config.layers) {
        const layer = spec.kind === 'tiles' ? this.tileLayer(spec)
          : spec.kind === 'vectortiles' ? this.vectorTileLayer(spec) : this.vectorLayer(spec);
        layer.setVisible(spec.visible !== false);
        layer.setOpacity(spec.opacity === undefined ? 1 : spec.opacity);
        this.layersById[spec.id] = layer;
        layers.push(layer);
        extentPromises.push(this.extentOf(spec, layer).then(extent => {
          this.extents[spec.id] = extent;
        }, error => this.report(spec.title + ' could not be loaded: ' + error.message)));
      }
      this.map = new ol.Map({
        target: target,
        layers: layers,
        overlays: [overlay],
        view: new ol.View({center: [0, 0], zoom: 2, maxZoom: 24}),
      });
      this.map.on('singleclick', event => this.showPopup(event, overlay));
      if (config.swipe) {
        this.installSwipe(config.swipe[0], config.swipe[1]);
      }
      // Fit once every layer's extent is known (or failed), then flag the first complete drawing.
      Promise.allSettled(extentPromises).then(() => {
        const known = Object.values(this.extents).filter(e => e && isFinite(e[0]));
        if (known.length) {
          const all = known.reduce((a, b) => ol.extent.extend(a.slice(), b));
          this.map.getView().fit(all, {padding: [40, 40, 40, 40]});
        }
        this.map.once('rendercomplete', () => {
          this.rendered = true;
          this.setAttribute('rendered', '');
          this.dispatchEvent(new CustomEvent('map-rendered'));
        });
        this.map.render();
      });
    }

    /** Says under the map what failed, instead of leaving a silently empty layer. */
    report(message) {
      if (!this.errors) {
        this.errors = document.createElement('div');
        this.errors.id = 'map-errors';
        this.errors.style.cssText = 'position: absolute; left: 8px; bottom: 8px; z-index: 2; background: white;'
          + ' color: #b00020; font: 13px sans-serif; padding: 2px 6px;';
        this.appendChild(this.errors);
      }
      const line = document.createElement('div');
      line.textContent = message;
      this.errors.appendChild(line);
    }

    tileLayer(spec) {
      // No source until the extent is known: a layer whose extent fails requests no tiles at all.
      return new window.ol.layer.Tile({source: null});
    }

    vectorLayer(spec) {
      const layer = new window.ol.layer.Vector({source: new window.ol.source.Vector(), style: this.classStyle(spec)});
      layer.set('vectors', true);
      return layer;
    }

    /** A feature layer too large to load whole: Mapbox Vector Tiles, asked for inside its extent only. */
    vectorTileLayer(spec) {
      const layer = new window.ol.layer.VectorTile({source: null, style: this.classStyle(spec)});
      layer.set('vectors', true);
      return layer;
    }

    /** Outlines and a light fill in each feature's class colour (its "Class" property). */
    classStyle(spec) {
      const ol = window.ol;
      const styles = {};
      const styleOf = feature => {
        const name = feature.get('Class');
        if (!styles[name]) {
          const color = (spec.colors || {})[name] || '#ff00ff';
          styles[name] = new ol.style.Style({
            stroke: new ol.style.Stroke({color: color, width: 3}),
            fill: new ol.style.Fill({color: hexToRgba(color, 0.2)}),
          });
        }
        return styles[name];
      };
      return styleOf;
    }

    /** Resolves to the layer's extent in EPSG:3857; loads a vector layer's features on the way. */
    extentOf(spec, layer) {
      const ol = window.ol;
      if (spec.kind === 'tiles' || spec.kind === 'vectortiles') {
        return fetchWithin(spec.extentUrl, 15000)
          .then(r => r.ok ? r.json() : Promise.reject(new Error(spec.extentUrl + ': HTTP ' + r.status)))
          .then(e => {
            const extent = ol.proj.transformExtent([e.minLon, e.minLat, e.maxLon, e.maxLat], 'EPSG:4326', 'EPSG:3857');
            // Tiles are asked for inside the layer's extent only.
            layer.setExtent(extent);
            layer.setSource(spec.kind === 'tiles'
              ? new ol.source.XYZ({url: spec.url, tileSize: 256, transition: 0})
              // Cut by the server for every zoom to 20 (0.15 m pixels); closer in, zoom 20's tiles are enlarged.
              : new ol.source.VectorTile({url: spec.url, format: new ol.format.MVT(), maxZoom: 20, transition: 0}));
            return extent;
          });
      }
      const url = this.getAttribute(spec.srcAttribute);
      return fetch(url, {credentials: 'same-origin'})
        .then(r => r.ok ? r.json() : Promise.reject(new Error('GeoJSON of ' + spec.title + ': HTTP ' + r.status)))
        .then(json => {
          // RFC 7946 GeoJSON is WGS84 lon/lat; the map is Web Mercator.
          const features = new ol.format.GeoJSON().readFeatures(json,
            {dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857'});
          layer.getSource().addFeatures(features);
          return features.length ? layer.getSource().getExtent() : null;
        });
    }

    showPopup(event, overlay) {
      const feature = this.map.forEachFeatureAtPixel(event.pixel, f => f,
        {layerFilter: l => l.get('vectors') === true && l.getVisible()});
      if (!feature) {
        this.popup.style.display = 'none';
        overlay.setPosition(undefined);
        return;
      }
      const confidence = feature.get('Confidence');
      this.popup.textContent = 'Class: ' + feature.get('Class')
        + (confidence === undefined || confidence === null ? '' : ' · Confidence: ' + Number(confidence).toFixed(2));
      this.popup.style.display = 'block';
      overlay.setPosition(event.coordinate);
    }

    /** Clips the left layer to the left of the slider and the right layer to its right. */
    installSwipe(leftId, rightId) {
      const ol = window.ol;
      const clip = (layer, left) => {
        if (!layer) {
          return;
        }
        layer.on('prerender', event => {
          const ctx = event.context;
          const width = ctx.canvas.width;
          const split = width * this.swipeFraction;
          ctx.save();
          ctx.beginPath();
          if (left) {
            ctx.rect(0, 0, split, ctx.canvas.height);
          } else {
            ctx.rect(split, 0, width - split, ctx.canvas.height);
          }
          ctx.clip();
        });
        layer.on('postrender', event => event.context.restore());
      };
      clip(this.layersById[leftId], true);
      clip(this.layersById[rightId], false);
      void ol;
    }

    setSwipe(fraction) {
      this.swipeFraction = Math.max(0, Math.min(1, Number(fraction)));
      this.map && this.map.render();
    }

    setVisible(id, visible) {
      const layer = this.layersById && this.layersById[id];
      layer && layer.setVisible(!!visible);
    }

    setOpacity(id, opacity) {
      const layer = this.layersById && this.layersById[id];
      layer && layer.setOpacity(Math.max(0, Math.min(1, Number(opacity))));
    }

    zoomTo(id) {
      const extent = this.extents && this.extents[id];
      if (extent && isFinite(extent[0])) {
        this.map.getView().fit(extent, {padding: [20, 20, 20, 20], duration: 0});
      }
    }
  }

  if (!customElements.get('rasterhub-map')) {
    customElements.define('rasterhub-map', RasterhubMap);
  }
})();
