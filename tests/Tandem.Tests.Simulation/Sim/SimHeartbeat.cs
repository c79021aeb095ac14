using Tandem.Replication.Core;

namespace Tandem.Tests.Simulation.Sim;

/// <summary>
/// Heartbeat between the two simulated nodes, separate from the replication link (<see cref="SimNetwork"/>): each
/// node declares the other dead after <see cref="Deadtime"/> without hearing it (it crashed, or heartbeat is cut) and
/// alive again once heard; it carries fencing's outdate requests and answers with a small delay, and loses them while
/// cut, while the receiver is down, or while the sender counts the receiver dead (as the production payload does).
/// </summary>
public sealed class SimHeartbeat
{
    readonly SimScheduler _s;
    readonly SimNode _a, _b;
    readonly bool[] _dead = new bool[2];
    readonly TimeSpan[] _lastHeard = new TimeSpan[2];

    public SimHeartbeat(SimScheduler s, SimNode a, SimNode b)
    {
        _s = s;
        _a = a;
        _b = b;
        a.Heartbeat = this;
        b.Heartbeat = this;
        Poll();
    }

    public TimeSpan Deadtime { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Heartbeat messages do not get through (both ways).</summary>
    public bool Cut { get; private set; }

    public int Delivered { get; private set; }

    SimNode Other(SimNode n) => ReferenceEquals(n, _a) ? _b : _a;

    int Index(SimNode n) => ReferenceEquals(n, _a) ? 0 : 1;

    /// <summary>Whether <paramref name="n"/> has declared its peer dead.</summary>
    public bool SeesDead(SimNode n) => _dead[Index(n)];

    public void Partition() => Cut = true;

    public void Heal() => Cut = false;

    /// <summary>A node's daemon started: it knows nothing of its peer yet (initdead, here as long as deadtime).</summary>
    public void NodeStarted(SimNode n)
    {
        _dead[Index(n)] = false;
        _lastHeard[Index(n)] = _s.Now;
    }

    void Poll() => _s.After(TimeSpan.FromMilliseconds(10), () =>
    {
        Check(_a);
        Check(_b);
        Poll();
    });

    void Check(SimNode n)
    {
        if (!n.Up)
            return;
        int i = Index(n);
        if (Other(n).Up && !Cut)
        {
            _lastHeard[i] = _s.Now;
            if (_dead[i])
            {
                _dead[i] = false;
                n.Log("heartbeat: the peer is heard again");
                n.Handle(new ReplicaInput.PeerNode(Dead: false));
            }
        }
        else if (!_dead[i] && _s.Now - _lastHeard[i] >= Deadtime)
        {
            _dead[i] = true;
            n.Log("heartbeat: the peer is dead");
            n.Handle(new ReplicaInput.PeerNode(Dead: true));
        }
    }

    /// <summary>An outdate request or answer from <paramref name="from"/>; lost unless both ends are up and hear each other.</summary>
    public void Send(SimNode from, Func<ReplicaInput> message)
    {
        var to = Other(from);
        if (Cut || _dead[Index(from)] || !to.Up)
            return;
        _s.After(_s.Ms(0.5, 20), () =>
        {
            if (Cut || !to.Up || !from.Up)
                return;
            Delivered++;
            to.Handle(message());
        });
    }
}
