using Npgsql;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace McpDbEngineer.Database;

/// <summary>The one resilience pipeline for transient database faults.</summary>
public static class DatabaseResilience
{
    public static ResiliencePipeline Create()
    {
        var transient = new PredicateBuilder().Handle<NpgsqlException>(e => e.IsTransient);
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = 3,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                // After repeated failures answer at once instead of making every agent call wait for timeouts.
                ShouldHandle = transient,
                FailureRatio = 0.8,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(5),
            })
            .Build();
    }
}
