namespace McpDbEngineer.Safety.Vetting;

/// <summary>Code a statement reaches that the guard cannot vouch for.</summary>
/// <param name="What">"function public.audit_touch() (plpgsql)", "foreign table public.remote_orders".</param>
/// <param name="Via">How the statement reaches it: "the statement", "view public.active_orders", "policy on public.orders".</param>
/// <param name="Why">What makes it unverifiable or dangerous, in words an agent can act on.</param>
/// <param name="Escapes">It reaches files, programs, other servers or sessions: refused in every mode, approval or not.</param>
/// <param name="Sandboxable">
/// Code in a trusted language running with the caller's rights: harmless where the caller is the restricted role in a
/// READ ONLY transaction and the database offers no way out (see <see cref="SessionSandbox"/>).
/// </param>
public sealed record UnvettedCode(string What, string Via, string Why, bool Escapes, bool Sandboxable)
{
    public override string ToString() => Via == CodeVetter.TopLevel ? $"{What}: {Why}" : $"{What} (through {Via}): {Why}";
}
