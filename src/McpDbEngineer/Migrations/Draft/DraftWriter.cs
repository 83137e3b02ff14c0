using System.Text;
using McpDbEngineer.Answers;

namespace McpDbEngineer.Migrations.Draft;

/// <summary>A draft as the agent reads it: the verdict on the down first, then the files, then what to watch and the advice.</summary>
internal static class DraftWriter
{
    public static string Write(Draft draft, string? directory)
    {
        var output = new StringBuilder();
        var lost = draft.Down.Where(s => s.Reversal == Reversal.DataLost).ToList();
        var impossible = draft.Down.Where(s => s.Reversal == Reversal.Impossible).ToList();
        var verdict = impossible.Count > 0 ? "incomplete (see not reversed)" : lost.Count > 0 ? "irreversible: data" : "exact";
        output.Append("format: ").Append(draft.Format)
            .Append(draft.Detected && directory is not null ? $" (detected in {directory})" : draft.Detected ? " (default; pass directory to detect the project's)" : "")
            .Append("; version ").Append(draft.Version);
        if (draft.PreviousRevision is not null)
        {
            output.Append("; down_revision ").Append(draft.PreviousRevision);
        }

        output.Append("\ndown: ").Append(verdict).Append('\n');
        output.Append(draft.Written.Count > 0
            ? $"written: {string.Join(", ", draft.Written)}\n"
            : "not written (pass write=true and directory to write them; existing files are never overwritten)\n");

        foreach (var file in draft.Files)
        {
            output.Append("\n=== ").Append(file.Path).Append('\n').Append(file.Content.TrimEnd()).Append('\n');
        }

        output.Append('\n');
        foreach (var step in lost)
        {
            output.Append("irreversible: data, up statement ").Append(step.UpNumber).Append(" (").Append(step.UpCommand).Append("): loses ").Append(step.Note).Append('\n');
        }

        foreach (var step in impossible)
        {
            output.Append("not reversed, up statement ").Append(step.UpNumber).Append(" (").Append(step.UpCommand).Append("): ").Append(step.Note).Append('\n');
        }

        foreach (var step in draft.Down.Where(s => s.Reversal == Reversal.Exact && s.Note is not null))
        {
            output.Append("note, up statement ").Append(step.UpNumber).Append(": ").Append(step.Note).Append('\n');
        }

        if (draft.NonTransactionalNote is not null)
        {
            output.Append("outside a transaction: ").Append(draft.NonTransactionalNote).Append('\n');
        }

        FindingList.Write(output, "advice", draft.Advice);
        return output.ToString();
    }
}
