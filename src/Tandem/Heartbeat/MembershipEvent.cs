namespace Tandem.Heartbeat;

/// <summary>What <see cref="MembershipStateMachine"/> reports; <see cref="Text"/> is the line for the event journal.</summary>
public abstract record MembershipEvent(string Node, string Text)
{
    public sealed record NodeChanged(string Node, NodeState From, NodeState To, string Text) : MembershipEvent(Node, Text);

    public sealed record LinkChanged(string Node, int Link, string Endpoint, LinkState From, LinkState To, string Text)
        : MembershipEvent(Node, Text);

    /// <summary>The peer has been silent longer than <c>warntime</c> (once per silence).</summary>
    public sealed record LateHeartbeat(string Node, TimeSpan Silence, string Text) : MembershipEvent(Node, Text);

    /// <summary>The peer's daemon started again: its restart generation grew.</summary>
    public sealed record PeerRestarted(string Node, ulong Generation, string Text) : MembershipEvent(Node, Text);

    /// <summary>A message was dropped; <paramref name="Count"/> is the link's total for that reason so far.</summary>
    public sealed record Dropped(string Node, int Link, DropReason Reason, long Count, string Text) : MembershipEvent(Node, Text);
}
