namespace Tandem.Lab;

/// <summary>
/// The report of one scenario (CONTRACT.md fields first). <see cref="Problems"/> lists every check that failed,
/// in words; <see cref="Ok"/> is true only when there are none.
/// </summary>
public sealed record ScenarioResult
{
    public required string Scenario { get; init; }
    public bool Ok => Problems.Count == 0;
    /// <summary>
    /// From the fault to the first commit attempted and acknowledged after it; when the group must move, the first one
    /// acknowledged by the other node's server (the client records each commit's <c>@@server_id</c>).
    /// </summary>
    public double? RecoveryS { get; init; }
    public RecoveryBreakdown BreakdownS { get; init; } = RecoveryBreakdown.None;
    public int AcknowledgedCommits { get; init; }
    public int? LostCommits { get; init; }
    public int? PhantomRows { get; init; }
    public int Failovers { get; init; }
    public bool Converged { get; init; }
    public int InDoubtCommits { get; init; }
    public string? FailedNode { get; init; }
    public string? FinalNode { get; init; }
    /// <summary>With auto_failback: the write outage of the move back, from the last commit the survivor acknowledged to the first the returning node did.</summary>
    public double? FailbackRecoveryS { get; init; }
    /// <summary>The longest time without an acknowledged commit from the fault until the client stopped (a soak's figure: writes never stood still longer).</summary>
    public double? LongestStallS { get; init; }
    public double DurationS { get; init; }
    public IReadOnlyList<long> LostIds { get; init; } = [];
    public IReadOnlyList<long> PhantomIds { get; init; } = [];
    public IReadOnlyList<string> Problems { get; init; } = [];
    /// <summary>Where the logs of a failed run were kept, or null.</summary>
    public string? Logs { get; init; }
}
