using Tandem.Replication.Core;
using Tandem.Replication.Protocol;

namespace Tandem.Tests.Simulation.Sim;

/// <summary>
/// The replication link between two simulated nodes, with TCP's semantics: an authenticated
/// connection delivers packets in order, with random delays, until it is cut; a cut is noticed by
/// each side after its own delay (the ping timeout); packets in flight on a cut connection are lost.
/// A partition prevents reconnecting. Idempotent packets (acknowledgements, state reports, pings)
/// are sometimes delivered twice, to show the core tolerates it.
/// </summary>
public sealed class SimNetwork
{
    readonly SimScheduler _s;
    readonly SimNode _a, _b;
    readonly TimeSpan[] _lastDelivery = new TimeSpan[2];
    int _connection;
    bool _connected, _connecting;
    int _unnotified; // sides that still have to hear about the last cut

    public SimNetwork(SimScheduler s, SimNode a, SimNode b)
    {
        _s = s;
        _a = a;
        _b = b;
        a.Network = this;
        b.Network = this;
    }

    public bool Partitioned { get; private set; }
    public bool Connected => _connected;
    public double DuplicateChance { get; set; } = 0.02;
    public (double Min, double Max) Latency { get; set; } = (0.05, 0.8);
    public int Connections { get; private set; }

    SimNode Other(SimNode n) => ReferenceEquals(n, _a) ? _b : _a;
    int Dir(SimNode from) => ReferenceEquals(from, _a) ? 0 : 1;

    public void Send(SimNode from, ReplicationPacket p)
    {
        if (!_connected)
            return; // the link is not up: TrySend refuses
        int conn = _connection;
        var to = Other(from);
        int dir = Dir(from);
        var at = _s.Now + _s.Ms(Latency.Min, Latency.Max);
        if (at < _lastDelivery[dir])
            at = _lastDelivery[dir];
        _lastDelivery[dir] = at;
        bool twice = p is RecvAck or WriteAck or StateReport or Ping or PingAck or OutOfSync && _s.Chance(DuplicateChance);
        _s.After(at - _s.Now, () =>
        {
            if (conn != _connection || !_connected)
                return;
            to.Handle(new ReplicaInput.PeerPacket(p));
            if (twice && conn == _connection && _connected)
                to.Handle(new ReplicaInput.PeerPacket(p));
        });
    }

    /// <summary>Cut the connection (a network glitch); both sides notice after their ping timeout.</summary>
    public void Cut(string reason, SimNode? downNode = null)
    {
        if (!_connected)
            return;
        _connected = false;
        _connection++;
        foreach (var n in new[] { _a, _b })
        {
            if (ReferenceEquals(n, downNode))
                continue;
            _unnotified++;
            var node = n;
            _s.After(_s.Ms(1, 300), () =>
            {
                _unnotified--;
                node.Handle(new ReplicaInput.PeerLost(reason));
                TryConnect();
            });
        }
        TryConnect();
    }

    public void Partition()
    {
        Partitioned = true;
        Cut("network partition");
    }

    public void Heal()
    {
        Partitioned = false;
        TryConnect();
    }

    public void NodeDown(SimNode n) => Cut($"{n.Name} went down", n);

    public void LinkChanged(SimNode n, bool enabled)
    {
        if (!enabled)
            Close(n);
        else
            TryConnect();
    }

    /// <summary>
    /// A node closes the connection on purpose: like a TCP close, what it already sent (its Goodbye
    /// among it) still arrives before the peer sees the connection end.
    /// </summary>
    void Close(SimNode n)
    {
        if (!_connected)
            return;
        int conn = _connection;
        var drained = _lastDelivery[Dir(n)] - _s.Now;
        _s.After(drained + TimeSpan.FromTicks(1), () =>
        {
            if (conn == _connection)
                Cut($"{n.Name} closed the connection");
        });
    }

    public void TryConnect()
    {
        if (_connected || _connecting || Partitioned || _unnotified > 0 || !Ready(_a) || !Ready(_b))
            return;
        _connecting = true;
        _s.After(_s.Ms(5, 100), () =>
        {
            _connecting = false;
            if (_connected || Partitioned || _unnotified > 0 || !Ready(_a) || !Ready(_b))
            {
                TryConnect();
                return;
            }
            _connected = true;
            _connection++;
            Connections++;
            _lastDelivery[0] = _lastDelivery[1] = _s.Now;
            _a.Handle(new ReplicaInput.PeerConnected());
            if (_connected)
                _b.Handle(new ReplicaInput.PeerConnected());
        });
    }

    static bool Ready(SimNode n) => n.Up && n.LinkEnabled;
}
