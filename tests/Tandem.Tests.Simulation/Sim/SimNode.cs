using Tandem.Metadata;
using Tandem.Replication.Core;
using Tandem.Replication.Protocol;
using Tandem.Volume;
using Barrier = Tandem.Replication.Protocol.Barrier;

namespace Tandem.Tests.Simulation.Sim;

/// <summary>
/// One node's host in the simulation: the real <see cref="ReplicaCore"/> with a simulated disk,
/// simulated metadata (what is on disk survives a crash, what is in memory does not) and an activity
/// log whose pins survive a crash and are resynced after it, as the production host does.
/// </summary>
public sealed class SimNode
{
    readonly SimScheduler _s;
    readonly ReplicaSettings _settings;
    readonly Dictionary<ulong, Action<int, ReadOnlyMemory<byte>>> _requests = [];
    readonly List<(long Offset, int Length)> _pins = [];
    // Ranges whose pin was released but whose local write may still sit in the disk cache: like an
    // activity-log extent, they stay "hot" until a flush of the data disk covers them.
    readonly List<(long Offset, int Length)> _released = [];
    ulong _nextReq = 1;
    DirtyBitmap? _bitmap;
    int _incarnation;

    // What the metadata on disk says (written by PersistMetadata and bitmap writes).
    GenerationUuids _mdUuids = GenerationUuids.Created;
    MetadataFlags _mdFlags = MetadataFlags.None;
    List<DirtyRun> _mdBitmap = [];

    public SimNode(string name, SimScheduler s, ReplicaSettings settings)
    {
        Name = name;
        _s = s;
        _settings = settings;
        Disk = new SimDisk(settings.SizeBytes, s.Random);
    }

    public string Name { get; }
    public SimDisk Disk { get; private set; }
    public ReplicaCore? Core { get; private set; }
    public bool Up => Core is not null;
    public bool LinkEnabled { get; private set; }
    public SimNetwork? Network { get; set; }
    public SimHeartbeat? Heartbeat { get; set; }
    public List<string> Trace { get; } = [];
    public VolumeState State => Core?.State ?? VolumeState.Down;

    /// <summary>Disk latency range in ms (slow disks make more overlap).</summary>
    public (double Min, double Max) DiskLatency { get; set; } = (0.05, 1.5);

    public void Start()
    {
        if (Up)
            throw new InvalidOperationException($"{Name} already up");
        var bitmap = _bitmap = new DirtyBitmap(_settings.SizeBytes);
        foreach (var r in _mdBitmap)
            bitmap.SetRange(r.Offset, r.Length);
        var flags = _mdFlags;
        if (flags.HasFlag(MetadataFlags.PrimaryInd))
        {
            // It stopped while Primary: whatever the activity log holds may differ from the peer.
            flags |= MetadataFlags.CrashedPrimary;
            foreach (var (o, l) in _pins.Concat(_released))
                bitmap.SetRange(o, l);
            Log($"crash recovery: {_pins.Count + _released.Count} activity-log ranges marked out of sync");
        }
        _pins.Clear();
        _released.Clear();
        Core = new ReplicaCore(_settings, _mdUuids, flags, bitmap, new Random(_s.Random.Next()));
        Heartbeat?.NodeStarted(this);
        Execute(Core.Attach(_s.Now));
    }

    /// <summary>Power loss: memory is gone, the disk keeps what its cache let through.</summary>
    public void Crash()
    {
        if (!Up)
            return;
        Log("CRASH");
        _incarnation++;
        Core = null;
        LinkEnabled = false;
        _requests.Clear();
        Disk.Crash();
        Network?.NodeDown(this);
    }

    /// <summary>The operator swaps the dead disk for a new, empty one with fresh metadata (the node is down).</summary>
    public void ReplaceDisk()
    {
        if (Up)
            throw new InvalidOperationException($"{Name} must be down to replace its disk");
        Disk = new SimDisk(_settings.SizeBytes, _s.Random);
        _mdUuids = GenerationUuids.Created;
        _mdFlags = MetadataFlags.None;
        _mdBitmap = [];
        _pins.Clear();
        _released.Clear();
        Log("disk replaced with a new one (fresh metadata)");
    }

    public void Handle(ReplicaInput input)
    {
        if (Core is null)
            return;
        if (Watch is long wb && input is ReplicaInput.PeerPacket { Packet: var pk }
            && (pk is Barrier or BarrierAck || pk is Write pw && pw.Offset <= wb * SimDisk.Block && wb * SimDisk.Block < pw.Offset + pw.Length))
            Log($"watch: received {pk}");
        Execute(Core.Handle(input, _s.Now));
    }

    public CommandOutcome Command(Func<ReplicaCore, TimeSpan, CommandOutcome> command)
    {
        var outcome = command(Core ?? throw new InvalidOperationException($"{Name} is down"), _s.Now);
        Log($"command: {(outcome.Ok ? "ok" : "refused")}: {outcome.Message}");
        Execute(outcome.Actions);
        return outcome;
    }

    public void Write(long offset, byte[] data, bool fua, Action<int> done) =>
        Request(r => new ReplicaInput.AppWrite(r, offset, data.Length, WriteKind.Data, fua, data), (e, _) => done(e));

    public void Read(long offset, int length, Action<int, ReadOnlyMemory<byte>> done) =>
        Request(r => new ReplicaInput.AppRead(r, offset, length), done);

    public void Flush(Action<int> done) => Request(r => new ReplicaInput.AppFlush(r), (e, _) => done(e));

    void Request(Func<ulong, ReplicaInput> make, Action<int, ReadOnlyMemory<byte>> done)
    {
        ulong req = _nextReq++;
        _requests[req] = done;
        Handle(make(req));
    }

    void Later(TimeSpan delay, Action a)
    {
        int inc = _incarnation;
        _s.After(delay, () => { if (inc == _incarnation && Up) a(); });
    }

    TimeSpan DiskDelay() => _s.Ms(DiskLatency.Min, DiskLatency.Max);

    void Execute(IReadOnlyList<ReplicaAction> actions)
    {
        foreach (var a in actions)
        {
            switch (a)
            {
                case ReplicaAction.DiskWrite w:
                    if (Watch is long wb && w.Offset <= wb * SimDisk.Block && wb * SimDisk.Block < w.Offset + w.Length)
                        Log($"watch: write io {w.Io} {w.Offset}+{w.Length} activity={w.Activity} kind={w.Kind}");
                    if (w.Activity)
                        _pins.Add((w.Offset, w.Length));
                    Later(DiskDelay(), () =>
                    {
                        bool ok = !Disk.Failing;
                        if (ok && w.Kind == WriteKind.Data)
                            Disk.Write(w.Offset, w.Data.Span, w.Fua);
                        else if (ok)
                            Disk.Zero(w.Offset, w.Length, w.Fua);
                        Handle(new ReplicaInput.DiskDone(w.Io, ok, ReadOnlyMemory<byte>.Empty));
                    });
                    break;
                case ReplicaAction.DiskRead r:
                    Later(DiskDelay(), () =>
                    {
                        bool ok = !Disk.Failing;
                        Handle(new ReplicaInput.DiskDone(r.Io, ok, ok ? Disk.Read(r.Offset, r.Length) : ReadOnlyMemory<byte>.Empty));
                    });
                    break;
                case ReplicaAction.DiskFlush f:
                    var covered = Disk.BeginFlush();
                    var coveredRanges = _released.ToList();
                    Later(DiskDelay(), () =>
                    {
                        bool ok = !Disk.Failing;
                        if (ok)
                        {
                            Disk.EndFlush(covered);
                            foreach (var range in coveredRanges)
                                _released.Remove(range);
                        }
                        Handle(new ReplicaInput.DiskDone(f.Io, ok, ReadOnlyMemory<byte>.Empty));
                    });
                    break;
                case ReplicaAction.ActivityEnd e:
                    if (e.AfterBitmap)
                        WriteBitmap();
                    int i = _pins.IndexOf((e.Offset, e.Length));
                    if (i < 0)
                        throw new InvalidOperationException($"{Name}: activity end without a pin at {e.Offset}+{e.Length}");
                    _pins.RemoveAt(i);
                    _released.Add((e.Offset, e.Length));
                    break;
                case ReplicaAction.Send s:
                    Network?.Send(this, s.Packet);
                    break;
                case ReplicaAction.Complete c:
                    if (_requests.Remove(c.Req, out var done))
                        done(c.Errno, ReadOnlyMemory<byte>.Empty);
                    break;
                case ReplicaAction.CompleteRead c:
                    if (_requests.Remove(c.Req, out var rd))
                        rd(0, c.Data);
                    break;
                case ReplicaAction.PersistMetadata p:
                    WriteBitmap();
                    _mdUuids = p.Uuids;
                    _mdFlags = p.Flags;
                    break;
                case ReplicaAction.Link l:
                    LinkEnabled = l.Enabled;
                    Log($"link {(l.Enabled ? "on" : "off")}: {l.Reason}");
                    Network?.LinkChanged(this, l.Enabled);
                    break;
                case ReplicaAction.OutdatePeer o:
                    Log($"fencing: asking the peer to outdate (generation {o.Token:X}{(o.Retry ? ", again" : "")})");
                    Heartbeat?.Send(this, () => new ReplicaInput.OutdateRequest(o.Token));
                    break;
                case ReplicaAction.AnswerOutdate x:
                    // The metadata actions before this one were carried out synchronously: the mark is "on disk".
                    Log($"fencing: answering {x.Result} (generation {x.Token:X})");
                    Heartbeat?.Send(this, () => new ReplicaInput.OutdateAnswer(x.Token, x.Result));
                    break;
                case ReplicaAction.StateChanged sc:
                    Log($"{sc.From} -> {sc.To} ({sc.Why})");
                    break;
                case ReplicaAction.Notice n:
                    Log(n.Text);
                    break;
                default:
                    throw new InvalidOperationException($"unknown action {a}");
            }
        }
    }

    /// <summary>The production host flushes the data disk before writing the bitmap; so does this one.</summary>
    void WriteBitmap()
    {
        if (Disk.Failing)
            return;
        Disk.FlushAll();
        _released.Clear();
        _mdBitmap = _bitmap!.EnumerateDirtyRuns().ToList();
    }

    static readonly long? Watch = long.TryParse(Environment.GetEnvironmentVariable("TANDEM_SIM_WATCH"), out long b) ? b : null;

    public void Log(string text) => Trace.Add($"{_s.Now.TotalMilliseconds,10:0.000} {Name}: {text}");
}
