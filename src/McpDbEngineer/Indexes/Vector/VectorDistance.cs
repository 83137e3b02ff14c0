namespace McpDbEngineer.Indexes.Vector;

/// <summary>
/// A pgvector distance: its operator, what agents call it, and the operator-class suffix an index needs to serve it
/// (vector_l2_ops, halfvec_cosine_ops, …). Source: pgvector README, Querying (operators) and HNSW / IVFFlat (operator classes).
/// </summary>
public sealed record VectorDistance(string Operator, string Name, string OpsSuffix, bool Ivfflat)
{
    public static readonly VectorDistance L2 = new("<->", "l2", "l2_ops", Ivfflat: true);
    public static readonly VectorDistance InnerProduct = new("<#>", "ip", "ip_ops", Ivfflat: true);
    public static readonly VectorDistance Cosine = new("<=>", "cosine", "cosine_ops", Ivfflat: true);

    /// <summary>L1 (added in pgvector 0.7.0) has an HNSW operator class only.</summary>
    public static readonly VectorDistance L1 = new("<+>", "l1", "l1_ops", Ivfflat: false);

    public static readonly IReadOnlyList<VectorDistance> All = [L2, InnerProduct, Cosine, L1];

    public static VectorDistance? ByOperator(string op) => All.FirstOrDefault(d => d.Operator == op);

    /// <summary>"&lt;=&gt;", "cosine", "L2", "inner product": what an agent may write for a distance.</summary>
    public static VectorDistance Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant().Replace("_", " ", StringComparison.Ordinal);
        return ByOperator(t) ?? t switch
        {
            "l2" or "euclidean" => L2,
            "ip" or "inner product" or "dot" => InnerProduct,
            "cosine" => Cosine,
            "l1" or "manhattan" or "taxicab" => L1,
            _ => throw new ToolException($"distance '{text}' is not one pgvector indexes: give <-> (l2), <#> (ip), <=> (cosine) or <+> (l1)."),
        };
    }
}
