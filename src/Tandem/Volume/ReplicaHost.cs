using Microsoft.Extensions.Logging;
using Tandem.Config;
using Tandem.Daemon;
using Tandem.Replication.Core;
using Tandem.Replication.Link;
using Tandem.Replication.Protocol;
using Tandem.Storage;

namespace Tandem.Volume;

/// <summary>
/// Runs a <see cref="ReplicaCore"/> for real: one lock around the core, packets handed to the link in
/// the order the core emits them (inside the lock), disk I/O on the backing file, metadata through
/// <see cref="ReplicaStore"/>, application requests completed through task sources, a tick timer.
/// The simulator in the tests hosts the same core with simulated disks and network.
/// </summary>
public sealed partial class ReplicaHost : IAsyncDisposable
{
    readonly object _gate = new();
    readonly ReplicaCore _core;
    readonly ReplicaStore _store;
    readonly BackingFile _disk;
    readonly VolumeOptions _options;
    readonly VolumeNodeOptions _local;
    readonly VolumePeer? _peer;
    readonly string _node;
    readonly ILoggerFactory _logs;
    readonly ILogger _log;
    readonly EventJournal _events;
    readonly TimeProvider _time;
    readonly Random _random;
    readonly long _start;
    readonly ITimer _tick;
    readonly LinkTlsOptions? _tls;

    public ReplicaHost(VolumeOptions options, VolumeNodeOptions local, VolumePeer? peer, string node, ReplicaStore store, BackingFile disk,
        ILoggerFactory logs, EventJournal events, TimeProvider time, Random random)
    {
        _options = options;
        _local = local;
        _peer = peer;
        _node = node;
        _store = store;
        _disk = disk;
        _logs = logs;
        _log = logs.CreateLogger("Tandem.Volume");
        _events = events;
        _time = time;
        _random = random;
        _start = time.GetTimestamp();
        SizeBytes = options.Size ?? store.DataSize;
        if (SizeBytes > store.DataSize)
            throw new InvalidOperationException(
                $"volumes.{options.Name}.size is {SizeBytes} bytes but {local.Disk} holds only {store.DataSize} bytes of data after the metadata; " +
                "lower size (or set it to \"auto\") or give the volume a larger disk");
        var settings = ReplicaSettings.From(options, SizeBytes, hasPeer: peer is not null);
        _tls = peer is null ? null : LinkTlsFiles.Load(options.Name, local, peer.PeerOptions);
        _core = new ReplicaCore(settings, store.InitialUuids, store.InitialFlags, store.Bitmap, new Random(random.Next()));
        _tick = time.CreateTimer(_ => OnTick(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
    }

    public string Name => _options.Name;
    /// <summary>The volume's size: <c>size</c> from the config, or all of the data region with "auto".</summary>
    public long SizeBytes { get; }

    TimeSpan Now => _time.GetElapsedTime(_start);

    public VolumeState State { get { lock (_gate) return _core.State; } }

    public void Attach()
    {
        List<ReplicaAction> later;
        lock (_gate)
            later = Route(_core.Attach(Now));
        Execute(later, inline: true);
    }

    /// <summary>Feed one input; sends happen under the lock (FIFO), everything else after it.</summary>
    void Handle(ReplicaInput input, bool inline)
    {
        List<ReplicaAction> later;
        lock (_gate)
            later = Route(_core.Handle(input, Now));
        Execute(later, inline);
    }

    /// <summary>Run an operator command on the core.</summary>
    public CommandResult Command(Func<ReplicaCore, TimeSpan, CommandOutcome> command)
    {
        CommandOutcome outcome;
        List<ReplicaAction> later;
        lock (_gate)
        {
            outcome = command(_core, Now);
            later = Route(outcome.Actions);
        }
        Execute(later, inline: true);
        return outcome.Ok ? CommandResult.Done(outcome.Message) : CommandResult.Fail(outcome.Message);
    }

    /// <summary>Read the core's public state under the lock.</summary>
    public T Read<T>(Func<ReplicaCore, TimeSpan, T> read)
    {
        lock (_gate)
            return read(_core, Now);
    }

    List<ReplicaAction> Route(IReadOnlyList<ReplicaAction> actions)
    {
        var later = new List<ReplicaAction>(actions.Count);
        foreach (var a in actions)
        {
            if (a is ReplicaAction.Send s)
            {
                if (s.Packet is Write { Data.IsEmpty: false } w)
                    HoldData(w.Data); // the link's hold, let go in OnPayloadReleased (or by SendToPeer if not queued)
                SendToPeer(s.Packet);
            }
            else
                later.Add(a);
        }
        return later;
    }

    void OnTick()
    {
        try
        {
            Handle(new ReplicaInput.Tick(), inline: true);
            _store.FlushIfWaiting();
        }
        catch (Exception e)
        {
            _log.HostFailed(Name, e.Message);
        }
    }

    /// <summary>
    /// Writes up to this size run on the thread that received them even from the link (a small write, even
    /// past the page cache, costs less than waking another thread for it); larger writes and reads go to the
    /// thread pool so the link keeps reading meanwhile. Flushes run where they were asked for, on the link's
    /// thread too: a Secondary's flush closes an epoch whose acknowledgement the Primary waits for, and the next
    /// epoch's writes may not reach the disk before it anyway.
    /// </summary>
    const int InlineWriteLimit = 64 * 1024;

    void Execute(List<ReplicaAction> actions, bool inline)
    {
        foreach (var a in actions)
        {
            switch (a)
            {
                case ReplicaAction.DiskWrite or ReplicaAction.DiskRead or ReplicaAction.DiskFlush:
                    if (a is ReplicaAction.DiskWrite dw)
                        HoldData(dw.Data); // the disk write's hold, let go once it ran
                    if (inline || a is ReplicaAction.DiskFlush or ReplicaAction.DiskWrite { Length: <= InlineWriteLimit, Fua: false })
                        RunDisk(a);
                    else
                        ThreadPool.UnsafeQueueUserWorkItem(static s => s.Host.RunDisk(s.Action), (Host: this, Action: a), preferLocal: false);
                    break;
                case ReplicaAction.ActivityEnd e:
                    _store.Release(e.Offset, e.Length, e.AfterBitmap);
                    break;
                case ReplicaAction.Complete c:
                    CompleteRequest(c.Req, c.Errno, default);
                    break;
                case ReplicaAction.CompleteRead c:
                    CompleteRequest(c.Req, 0, c.Data);
                    break;
                case ReplicaAction.PersistMetadata p:
                    _store.Persist(p.Uuids, p.Flags);
                    break;
                case ReplicaAction.Link l:
                    SetLink(l.Enabled, l.Reason);
                    break;
                case ReplicaAction.StateChanged sc:
                    _log.StateChangedBecause(Name, sc.From, sc.To, sc.Why);
                    LogFenceChange(sc);
                    _events.Add($"{Name}: {sc.From} -> {sc.To} ({sc.Why})");
                    break;
                case ReplicaAction.OutdatePeer or ReplicaAction.AnswerOutdate:
                    RunFence(a);
                    break;
                case ReplicaAction.Notice n:
                    _log.Notice(n.Text);
                    _events.Add(n.Text);
                    break;
                default:
                    throw new InvalidOperationException($"unhandled replica action {a.GetType().Name}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _tick.DisposeAsync();
        await StopLinkAsync();
    }
}
