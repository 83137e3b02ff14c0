using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace McpDbEngineer.Sql.Parsing;

/// <summary>
/// The one thread that calls into libpg_query. The parser and its JSON writer recurse once per level of the
/// tree, and a left-deep expression ("1+1+1…") is as deep as it is long: on a thread-pool thread (1.5 MB of
/// stack) a 40 KB statement would overflow the stack and kill the process, which no catch can stop. This thread
/// has a stack sized for the longest script the guard accepts, and libpg_query keeps one memory context for it.
/// </summary>
internal static class ParserThread
{
    /// <summary>Reserved address space, committed only as deep trees use it; about 80 bytes per character at worst.</summary>
    private const int StackBytes = 256 * 1024 * 1024;

    private static readonly BlockingCollection<Action> Queue = [];
    private static readonly Thread Worker = Start();

    public static T Run<T>(Func<T> work)
    {
        if (Thread.CurrentThread == Worker)
        {
            return work();
        }

        T result = default!;
        ExceptionDispatchInfo? failure = null;
        using var done = new ManualResetEventSlim();
        Queue.Add(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                done.Set();
            }
        });
        done.Wait();
        failure?.Throw();
        return result;
    }

    private static Thread Start()
    {
        var thread = new Thread(
            () =>
            {
                foreach (var work in Queue.GetConsumingEnumerable())
                {
                    work();
                }
            },
            StackBytes)
        {
            IsBackground = true,
            Name = "libpg_query",
        };
        thread.Start();
        return thread;
    }
}
