namespace Tandem.Lab;

/// <summary>
/// Seconds spent in each phase of a recovery (CONTRACT.md breakdown_s); null when the phase left no mark. The phases
/// follow each other, so those found add up to the recovery time.
/// </summary>
public sealed record RecoveryBreakdown(double? Detect, double? Promote, double? Mount, double? Service, double? FirstCommit)
{
    public static RecoveryBreakdown None { get; } = new(null, null, null, null, null);

    /// <summary>
    /// Time the node that held the group spent stopping it before the other node could start (a planned handover,
    /// a stopping daemon, a hung service moved away); null when it did not stop it (it died, or restarted in place).
    /// </summary>
    public double? Stop { get; init; }

    /// <summary>Time a Primary that lost the replication link held writes until its peer confirmed its copy Outdated (fencing); null when it did not.</summary>
    public double? Fence { get; init; }
}
