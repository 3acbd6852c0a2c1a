package org.rasterhub.portal.catalog.search;

/**
 * The first {@code k} of many ints in a given order, without boxing them: a page of results needs
 * its place in the order, not the whole order sorted. Keeps the best {@code k} in a heap
 * (n log k comparisons); sorts everything when {@code k} is a large part of {@code n} anyway.
 */
final class TopOrdinals {

    private TopOrdinals() {
    }

    /** A total order on ordinals; never 0 for two different ones. */
    @FunctionalInterface
    interface Order {
        int compare(int a, int b);
    }

    /** The first {@code k} of {@code values[0..n)} in {@code order}, sorted; {@code values} is left as it was. */
    static int[] select(int[] values, int n, int k, Order order) {
        if (k <= 0) {
            return new int[0];
        }
        if ((long) k * 4 >= n) {
            int[] all = java.util.Arrays.copyOf(values, n);
            sort(all, order);
            return java.util.Arrays.copyOf(all, k);
        }
        // A heap whose root is the worst of the best k seen so far.
        int[] heap = new int[k];
        int size = 0;
        for (int i = 0; i < n; i++) {
            int value = values[i];
            if (size < k) {
                heap[size] = value;
                siftUp(heap, size++, order);
            } else if (order.compare(value, heap[0]) < 0) {
                heap[0] = value;
                siftDown(heap, k, order);
            }
        }
        sort(heap, order);
        return heap;
    }

    private static void siftUp(int[] heap, int index, Order order) {
        int value = heap[index];
        while (index > 0) {
            int parent = (index - 1) / 2;
            if (order.compare(heap[parent], value) >= 0) {
                break;
            }
            heap[index] = heap[parent];
            index = parent;
        }
        heap[index] = value;
    }

    private static void siftDown(int[] heap, int size, Order order) {
        int value = heap[0];
        int index = 0;
        while (true) {
            int child = 2 * index + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && order.compare(heap[child + 1], heap[child]) > 0) {
                child++;
            }
            if (order.compare(heap[child], value) <= 0) {
                break;
            }
            heap[index] = heap[child];
            index = child;
        }
        heap[index] = value;
    }

    /** Merge sort of ints by {@code order}. */
    static void sort(int[] values, Order order) {
        if (values.length < 2) {
            return;
        }
        int[] buffer = new int[values.length];
        for (int width = 1; width < values.length; width *= 2) {
            for (int from = 0; from < values.length; from += 2 * width) {
                int middle = Math.min(from + width, values.length);
                int to = Math.min(from + 2 * width, values.length);
                int left = from;
                int right = middle;
                for (int i = from; i < to; i++) {
                    if (left < middle && (right >= to || order.compare(values[left], values[right]) <= 0)) {
                        buffer[i] = values[left++];
                    } else {
                        buffer[i] = values[right++];
                    }
                }
            }
            System.arraycopy(buffer, 0, values, 0, values.length);
        }
    }
}
