using Tandem.Resources.Agents;

namespace Tandem.Resources.Groups;

/// <summary>Everything that can happen to a group; fed one at a time to <see cref="GroupMachine.Handle"/>.</summary>
public abstract record GroupInput
{
    /// <summary>Membership or the peer's report changed; <paramref name="PeerGroup"/> is the group's state there (null: not reported).</summary>
    public sealed record PeerChanged(PeerState State, GroupState? PeerGroup) : GroupInput
    {
        /// <summary>
        /// Why the peer's copy of the group's data is not ready to run the group (a volume not yet Connected and
        /// UpToDate there), or null when it is, or when the group uses no volume. auto_failback waits for null.
        /// </summary>
        public string? PeerDataNotReady { get; init; }
    }

    /// <summary>The peer released the group and asks this node to run it.</summary>
    public sealed record PeerOffered : GroupInput;

    /// <summary>The peer asks this node to release the group (its takeover, or failback to it).</summary>
    public sealed record PeerAskedRelease : GroupInput;

    /// <summary>Operator: hand the group to the peer.</summary>
    public sealed record Standby : GroupInput;

    /// <summary>Operator: pull the group here (also clears a failed group after cleanup).</summary>
    public sealed record Takeover : GroupInput
    {
        /// <summary>Why this node's copy of the group's data is not UpToDate, or null; refuses the takeover unless <see cref="Force"/>.</summary>
        public string? LocalDataNotReady { get; init; }

        /// <summary>The operator takes the group here even though its data is not UpToDate.</summary>
        public bool Force { get; init; }
    }

    /// <summary>Operator: stop acting (monitors keep reporting) or resume.</summary>
    public sealed record Maintenance(bool On) : GroupInput;

    /// <summary>The daemon is stopping: stop the group here and hand it to the peer.</summary>
    public sealed record Shutdown : GroupInput;

    /// <summary>An operation asked for with <see cref="GroupAction.Run"/> finished.</summary>
    public sealed record Completed(OperationKind Kind, int Index, long Generation, AgentResult Result) : GroupInput;

    /// <summary>A monitor interval has passed (scheduled by the machine).</summary>
    public sealed record MonitorDue(int Index, long Generation) : GroupInput;

    /// <summary>The back-off after a failed stop has passed (scheduled by the machine).</summary>
    public sealed record StopRetryDue(int Index, long Generation) : GroupInput;
}
