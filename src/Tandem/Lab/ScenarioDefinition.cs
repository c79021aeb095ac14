namespace Tandem.Lab;

/// <summary>
/// One named scenario: the cluster settings it needs, the fault it injects on the node running the group (at
/// time zero of its recovery clock), what brings the failed part back, and how many times the group may move.
/// </summary>
public sealed record ScenarioDefinition(
    string Name,
    string Description,
    Action<ScenarioRun> Fault,
    Action<ScenarioRun> Restore)
{
    public LabClusterSettings Settings { get; init; } = new();

    /// <summary>Group moves the scenario must see (owner changes), or null when any number up to <see cref="MaxFailovers"/> is right.</summary>
    public int? ExpectedFailovers { get; init; }

    public int MaxFailovers { get; init; } = 1;

    /// <summary>
    /// Whether recovery ends with a commit served by the other node (the group must move): then commits the old
    /// node still acknowledges after the fault (a planned switchover stops it only after a moment) do not count.
    /// </summary>
    public bool RecoversOnPeer => ExpectedFailovers >= 1;

    /// <summary>Where the group must run at the end: the node that failed (true), the other one (false), or either (null).</summary>
    public bool? EndsOnFailedNode { get; init; }
}
