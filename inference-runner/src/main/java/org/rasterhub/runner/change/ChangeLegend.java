package org.rasterhub.runner.change;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.runner.classify.ClassValues;
import org.rasterhub.runner.classify.ModelOutputException;
import org.rasterhub.runner.raster.ClassMapWriter;

/**
 * The values a change raster holds for a mode and the {@code .emd}'s classes: its legend, and for
 * class transitions the value of each ordered pair of classes. Known before any tile is run, so a
 * merge of work units writes the same colour table as a whole run without the model.
 */
final class ChangeLegend {
    final List<ModelClass> legend;
    final List<Transition> transitions;
    /** Transition value by {@code from * 256 + to} class value; -1 where a value is no class. */
    private final short[] transitionOf;

    private ChangeLegend(List<ModelClass> legend, List<Transition> transitions, short[] transitionOf) {
        this.legend = List.copyOf(legend);
        this.transitions = List.copyOf(transitions);
        this.transitionOf = transitionOf;
    }

    /** @throws IllegalArgumentException for classes the mode cannot write, as ChangeDetector's constructors say */
    static ChangeLegend of(List<ModelClass> classes, ChangeMode mode) {
        ClassValues.requireFitByteRaster(classes);
        boolean[] seen = new boolean[ClassMapWriter.MAX_CLASS_VALUE + 1];
        for (ModelClass c : classes) {
            if (seen[c.value()]) {
                throw new IllegalArgumentException("class value " + c.value() + " is used twice in "
                    + "Classes (\"" + c.name() + "\")");
            }
            seen[c.value()] = true;
        }
        short[] transitionOf = new short[256 * 256];
        Arrays.fill(transitionOf, (short) -1);
        if (mode == ChangeMode.TWO_DATE_MODEL) {
            return new ChangeLegend(classes, List.of(), transitionOf);
        }
        if (classes.size() < 2 || classes.size() > ChangeDetector.MAX_TRANSITION_CLASSES) {
            throw new IllegalArgumentException("class transitions need 2 to " + ChangeDetector.MAX_TRANSITION_CLASSES
                + " classes, found " + classes.size() + ": " + classes.size() + " x "
                + Math.max(0, classes.size() - 1) + " transitions must fit the values 1-"
                + ClassMapWriter.MAX_CLASS_VALUE + " of a Byte raster (0 is no change, "
                + ClassMapWriter.NO_DATA + " nodata)");
        }
        List<ModelClass> sorted = new ArrayList<>(classes);
        sorted.sort(Comparator.comparingInt(ModelClass::value));
        List<Transition> all = new ArrayList<>();
        List<ModelClass> names = new ArrayList<>(List.of(ChangeDetector.NO_CHANGE_CLASS));
        for (ModelClass from : sorted) {
            transitionOf[from.value() * 256 + from.value()] = ChangeDetector.NO_CHANGE;
            for (ModelClass to : sorted) {
                if (from.value() != to.value()) {
                    Transition t = new Transition(all.size() + 1, from, to);
                    all.add(t);
                    names.add(t.asClass());
                    transitionOf[from.value() * 256 + to.value()] = (short) t.value();
                }
            }
        }
        return new ChangeLegend(names, all, transitionOf);
    }

    /**
     * The value of a pixel classed {@code fromClass} on the first date and {@code toClass} on the
     * second.
     *
     * @throws ModelOutputException when either is none of the classes ({@code shape}: the model's
     *     output, for the message)
     */
    int transition(int fromClass, int toClass, long[] shape) throws ModelOutputException {
        int value = transitionOf[fromClass * 256 + toClass];
        if (value < 0) {
            int unknown = transitionOf[fromClass * 256 + fromClass] < 0 ? fromClass : toClass;
            throw new ModelOutputException(shape, "class " + unknown + " is none of the .emd's"
                + " Classes " + classValues() + ", so its transitions have no value");
        }
        return value;
    }

    private String classValues() {
        List<Integer> values = new ArrayList<>();
        for (Transition t : transitions) {
            if (!values.contains(t.from().value())) {
                values.add(t.from().value());
            }
        }
        return values.toString();
    }
}
