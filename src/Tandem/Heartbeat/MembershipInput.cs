using Tandem.Heartbeat.Protocol;

namespace Tandem.Heartbeat;

/// <summary>Inputs to <see cref="MembershipStateMachine"/>; each comes with the monotonic time it happened at.</summary>
public abstract record MembershipInput
{
    /// <summary>An authentic frame arrived on local link <paramref name="Link"/> (the socket it was read from).</summary>
    public sealed record Received(int Link, HeartbeatMessage Message) : MembershipInput;

    /// <summary>A datagram on local link <paramref name="Link"/> failed to decode or authenticate.</summary>
    public sealed record Rejected(int Link, DropReason Reason, string Detail) : MembershipInput;

    /// <summary>Time passed: deadlines are checked.</summary>
    public sealed record Tick : MembershipInput;
}
