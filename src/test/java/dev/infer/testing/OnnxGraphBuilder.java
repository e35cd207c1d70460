package dev.infer.testing;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * A tiny helper over the ONNX protobuf classes ({@code ai.onnx.proto.OnnxMl}, from tribuo-util-onnx) to
 * write small but real ONNX graphs from tests.
 *
 * <p>Defaults match what ONNX Runtime 1.29 accepts and what Optimum writes: IR version 8, default-domain opset
 * 17, producer "pytorch". Keep in mind, for opset 13–17: {@code ReduceSum}, {@code Unsqueeze} and
 * {@code Squeeze} take their axes as an int64 <em>input</em> (use {@link #axes}), while {@code ReduceMean},
 * {@code ReduceMax}, {@code ReduceL2} still take an {@code axes} <em>attribute</em> (that changed in opset 18).
 *
 * <p>Dimensions of graph inputs/outputs are given as {@code Object...}: a {@link String} is a symbolic
 * {@code dim_param} (e.g. {@code "batch_size"}), a {@link Number} is a fixed {@code dim_value}.
 */
public final class OnnxGraphBuilder {

    public static final int IR_VERSION = 8;
    public static final int OPSET = 17;

    public static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT_VALUE;
    public static final int UINT8 = OnnxMl.TensorProto.DataType.UINT8_VALUE;
    public static final int INT8 = OnnxMl.TensorProto.DataType.INT8_VALUE;
    public static final int INT32 = OnnxMl.TensorProto.DataType.INT32_VALUE;
    public static final int INT64 = OnnxMl.TensorProto.DataType.INT64_VALUE;

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private int counter;

    public OnnxGraphBuilder(String graphName) {
        graph.setName(graphName);
    }

    // ---------------------------------------------------------------- inputs / outputs

    public OnnxGraphBuilder input(String name, int elemType, Object... dims) {
        graph.addInput(valueInfo(name, elemType, dims));
        names.add(name);
        return this;
    }

    public OnnxGraphBuilder output(String name, int elemType, Object... dims) {
        graph.addOutput(valueInfo(name, elemType, dims));
        return this;
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, int elemType, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else if (d instanceof Number n) {
                dim.setDimValue(n.longValue());
            } else {
                throw new IllegalArgumentException("dimension must be a String or a Number: " + d);
            }
            shape.addDim(dim);
        }
        OnnxMl.TypeProto type = OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))
                .build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    // ---------------------------------------------------------------- initializers (raw_data, little endian)

    public String floatInit(String name, float[] data, long... dims) {
        checkSize(data.length, dims);
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        return addInit(name, FLOAT, buf.array(), dims);
    }

    public String longInit(String name, long[] data, long... dims) {
        checkSize(data.length, dims);
        ByteBuffer buf = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(data);
        return addInit(name, INT64, buf.array(), dims);
    }

    /** An int8 or uint8 initializer ({@code elemType} = {@link #INT8} or {@link #UINT8}). */
    public String byteInit(String name, int elemType, byte[] data, long... dims) {
        checkSize(data.length, dims);
        return addInit(name, elemType, data.clone(), dims);
    }

    /** A float scalar initializer (shape []). */
    public String scalar(String name, float value) {
        return floatInit(name, new float[] {value});
    }

    /** An int64 1-D initializer holding axes, for ReduceSum/Unsqueeze/Squeeze (opset ≥ 13). */
    public String axes(long... axes) {
        return longInit(fresh("axes"), axes, axes.length);
    }

    private String addInit(String name, int type, byte[] raw, long... dims) {
        if (names.contains(name)) {
            throw new IllegalArgumentException("duplicate name in graph: " + name);
        }
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type)
                .setRawData(ByteString.copyFrom(raw));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        names.add(name);
        return name;
    }

    private static void checkSize(int length, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("data has " + length + " elements, shape needs " + n);
        }
    }

    // ---------------------------------------------------------------- nodes

    /** Adds a node with one output named automatically; returns the output name. */
    public String op(String opType, String... inputs) {
        return opNamed(opType, fresh(opType.toLowerCase()), new Attr[0], inputs);
    }

    /** Adds a node with one output named automatically and attributes; returns the output name. */
    public String op(String opType, Attr[] attrs, String... inputs) {
        return opNamed(opType, fresh(opType.toLowerCase()), attrs, inputs);
    }

    /** Adds a node whose single output gets the given name (use this for graph outputs). */
    public String opNamed(String opType, String output, Attr[] attrs, String... inputs) {
        return opMulti(opType, new String[] {output}, attrs, inputs)[0];
    }

    /** Adds a node with several outputs; {@code null} output names are named automatically. */
    public String[] opMulti(String opType, String[] outputs, Attr[] attrs, String... inputs) {
        OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setOpType(opType)
                .setName("/" + opType + "_" + (counter++));
        for (String in : inputs) {
            node.addInput(in == null ? "" : in);
        }
        String[] outs = outputs.clone();
        for (int i = 0; i < outs.length; i++) {
            if (outs[i] == null) {
                outs[i] = fresh(opType.toLowerCase() + "_out" + i);
            }
            node.addOutput(outs[i]);
            names.add(outs[i]);
        }
        for (Attr a : attrs) {
            node.addAttribute(a.proto());
        }
        graph.addNode(node);
        return outs;
    }

    private String fresh(String base) {
        String name;
        do {
            name = "/" + base + "_" + (counter++);
        } while (names.contains(name));
        return name;
    }

    // ---------------------------------------------------------------- attributes

    /** A node attribute. */
    public record Attr(OnnxMl.AttributeProto proto) {
        public static Attr i(String name, long value) {
            return new Attr(OnnxMl.AttributeProto.newBuilder().setName(name)
                    .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build());
        }

        public static Attr f(String name, float value) {
            return new Attr(OnnxMl.AttributeProto.newBuilder().setName(name)
                    .setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(value).build());
        }

        public static Attr ints(String name, long... values) {
            OnnxMl.AttributeProto.Builder b = OnnxMl.AttributeProto.newBuilder().setName(name)
                    .setType(OnnxMl.AttributeProto.AttributeType.INTS);
            for (long v : values) {
                b.addInts(v);
            }
            return new Attr(b.build());
        }
    }

    public static Attr[] attrs(Attr... a) {
        return a;
    }

    // ---------------------------------------------------------------- model

    public OnnxMl.ModelProto build() {
        return build(IR_VERSION, OPSET);
    }

    public OnnxMl.ModelProto build(int irVersion, int opset) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(irVersion)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setProducerName("pytorch")
                .setProducerVersion("2.4.0")
                .setGraph(graph.build())
                .build();
    }

    /** Writes the model (IR 8, opset 17) to {@code file}, creating parent folders; returns {@code file}. */
    public Path write(Path file) throws IOException {
        return write(build(), file);
    }

    public static Path write(OnnxMl.ModelProto model, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
        return file;
    }
}
