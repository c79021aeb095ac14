using System.Globalization;

namespace Tandem.Heartbeat;

/// <summary>Deadlines: initdead after start, warntime and deadtime after the last heartbeat.</summary>
public sealed partial class MembershipStateMachine
{
    void CheckDeadlines(List<MembershipEvent> events)
    {
        foreach (var link in _links)
            if (link.State != LinkState.Dead && _now >= Deadline(link.LastHeard))
                MoveLink(link, Signal.Silent, events);
        if (PeerState != NodeState.Dead && _now >= Deadline(_lastHeard))
        {
            MoveNode(Signal.Silent, events, null);
            return;
        }
        if (PeerState == NodeState.Up && !_warned && _lastHeard is { } last && _now - last >= _setup.Warntime)
        {
            _warned = true;
            events.Add(new MembershipEvent.LateHeartbeat(_setup.Peer, _now - last,
                $"late heartbeat from {_setup.Peer}: {Seconds(_now - last)} since the last one (warntime {Seconds(_setup.Warntime)})"));
        }
    }

    TimeSpan Deadline(TimeSpan? lastHeard) => lastHeard is { } t ? t + _setup.Deadtime : _start + _setup.Initdead;

    string Silence(TimeSpan? lastHeard) => lastHeard is { } t
        ? $" after {Seconds(_now - t)} silence"
        : $": not heard within initdead ({Seconds(_setup.Initdead)}) of start";

    internal static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
