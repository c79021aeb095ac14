namespace Tandem.Heartbeat;

/// <summary>The only place node and link states change; every change becomes one event.</summary>
public sealed partial class MembershipStateMachine
{
    enum Signal { Heard, Silent }

    static NodeState Next(NodeState from, Signal s) => (from, s) switch
    {
        (NodeState.Unknown, Signal.Heard) => NodeState.Up,
        (NodeState.Unknown, Signal.Silent) => NodeState.Dead,
        (NodeState.Up, Signal.Silent) => NodeState.Dead,
        (NodeState.Dead, Signal.Heard) => NodeState.Up,
        _ => throw new InvalidOperationException($"unhandled membership transition: node {from} on {s}"),
    };

    static LinkState Next(LinkState from, Signal s) => (from, s) switch
    {
        (LinkState.Unknown, Signal.Heard) => LinkState.Up,
        (LinkState.Unknown, Signal.Silent) => LinkState.Dead,
        (LinkState.Up, Signal.Silent) => LinkState.Dead,
        (LinkState.Dead, Signal.Heard) => LinkState.Up,
        _ => throw new InvalidOperationException($"unhandled membership transition: link {from} on {s}"),
    };

    /// <param name="via">Which link brought the peer back (for the text), null for a timeout.</param>
    void MoveNode(Signal s, List<MembershipEvent> events, string? via)
    {
        var from = PeerState;
        var to = Next(from, s);
        var peer = _setup.Peer;
        var text = (from, to) switch
        {
            (_, NodeState.Dead) => $"{peer} dead{Silence(_lastHeard)}",
            (NodeState.Dead, NodeState.Up) => $"{peer} up again ({via})",
            _ => $"{peer} up ({via})",
        };
        PeerState = to;
        events.Add(new MembershipEvent.NodeChanged(peer, from, to, text));
    }

    void MoveLink(PeerLink link, Signal s, List<MembershipEvent> events)
    {
        var from = link.State;
        var to = Next(from, s);
        link.State = to;
        var name = $"link {link.Index} ({link.Endpoint}) to {_setup.Peer}";
        string text;
        if (to == LinkState.Up)
            text = from == LinkState.Dead ? $"{name} up again" : $"{name} up";
        else
        {
            var alive = _links.FirstOrDefault(l => l.State == LinkState.Up);
            text = $"{name} dead{Silence(link.LastHeard)}"
                + (alive is null ? "" : $"; {_setup.Peer} still up through link {alive.Index}");
        }
        events.Add(new MembershipEvent.LinkChanged(_setup.Peer, link.Index, link.Endpoint, from, to, text));
    }
}
