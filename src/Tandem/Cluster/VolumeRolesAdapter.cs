using Tandem.Daemon;
using Tandem.Resources.Agents;
using Tandem.Resources.Agents.Volume;
using Tandem.Volume;

namespace Tandem.Cluster;

/// <summary>
/// <c>volume::RES</c> of a group on this node's volume runtime. Promote and demote go through the same
/// serialisation as the operator's <c>tandem volume</c> commands, so the two never race; promote is never forced
/// (a node does not promote data that is not UpToDate on its own authority).
/// </summary>
public sealed class VolumeRolesAdapter(IReadOnlyDictionary<string, VolumeRuntime> volumes, CommandDispatcher dispatcher, TimeProvider? time = null) : IVolumeRoles, IVolumeStates
{
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _forced = new(StringComparer.Ordinal);

    /// <summary>How long a promotion waits for a volume that is still connecting to its peer (DRBD's wfc-timeout).</summary>
    public static readonly TimeSpan ConnectWait = TimeSpan.FromSeconds(10);

    public async Task<AgentResult> PromoteAsync(string volume, CancellationToken ct)
    {
        var force = _forced.TryRemove(volume, out _);
        if (!force && volumes.TryGetValue(volume, out var v))
            await SettleAsync(v, ct);
        return await RunAsync(volume, (v, c) => v.PromoteAsync(force, c), ct);
    }

    /// <summary>The operator forced a takeover on data that is not UpToDate: the next promotion of <paramref name="volume"/> is forced too.</summary>
    public void ForceNextPromotion(string volume) => _forced[volume] = true;

    public VolumeState? StateOf(string volume) => volumes.TryGetValue(volume, out var v) ? v.State : null;

    public SyncProgress? SyncOf(string volume) =>
        volumes.TryGetValue(volume, out var v) && v.State.Connection == ConnectionState.SyncTarget ? v.Status().Sync : null;

    /// <summary>
    /// Right after the daemon starts, a volume is up but its data is only Consistent until the peer
    /// confirms it, and a node that comes back is a resync target for a while: a promotion waits for
    /// that (connecting: at most <see cref="ConnectWait"/>; resyncing: as long as the start may take)
    /// instead of failing the group at once.
    /// </summary>
    async Task SettleAsync(VolumeRuntime v, CancellationToken ct)
    {
        var clock = time ?? TimeProvider.System;
        long start = clock.GetTimestamp();
        while (!ct.IsCancellationRequested)
        {
            var s = v.State;
            bool waited = clock.GetElapsedTime(start) >= ConnectWait;
            // A group takes over when heartbeat declares the peer dead; the replication link may need a
            // moment longer to notice (its ping timeout). Until it does, the peer still counts as Primary.
            if (s.PeerRole == Role.Primary && s.Connection == ConnectionState.Connected && !waited)
            {
                try { await Task.Delay(TimeSpan.FromMilliseconds(50), clock, ct); }
                catch (OperationCanceledException) { return; }
                continue;
            }
            if (!s.Up || s.Disk == DiskState.UpToDate || s.PeerRole == Role.Primary)
                return;
            bool connecting = s.Connection is ConnectionState.Connecting or ConnectionState.WFReportParams;
            bool syncing = s.Connection is ConnectionState.WFBitMapS or ConnectionState.WFBitMapT or ConnectionState.SyncTarget;
            if (!syncing && !(connecting && !waited))
                return;
            try { await Task.Delay(TimeSpan.FromMilliseconds(100), clock, ct); }
            catch (OperationCanceledException) { return; }
        }
    }

    public Task<AgentResult> DemoteAsync(string volume, CancellationToken ct) =>
        RunAsync(volume, (v, c) => v.DemoteAsync(c), ct);

    public Task<AgentResult> CheckAsync(string volume, CancellationToken ct)
    {
        if (!volumes.TryGetValue(volume, out var v))
            return Task.FromResult(NotHere(volume));
        // Read without the command lock: a monitor must not time out behind a long operator command.
        var s = v.State;
        return Task.FromResult(Check(volume, s));
    }

    /// <summary>Ok when Primary with a usable disk, NotRunning when Secondary or down, Failed when the disk is gone.</summary>
    public static AgentResult Check(string volume, VolumeState s) =>
        !s.Up ? AgentResult.NotRunning($"{volume} is down")
        : s.Role != Role.Primary ? AgentResult.NotRunning($"{volume} is {s.Role}")
        : s.Disk is DiskState.Failed or DiskState.Diskless ? AgentResult.Failed($"{volume} is Primary but its disk is {s.Disk}")
        : AgentResult.Ok;

    async Task<AgentResult> RunAsync(string volume, Func<VolumeRuntime, CancellationToken, Task<CommandResult>> command, CancellationToken ct)
    {
        if (!volumes.TryGetValue(volume, out var v))
            return NotHere(volume);
        var r = await dispatcher.ExclusiveAsync(c => command(v, c), ct);
        return r.Ok ? AgentResult.Ok : AgentResult.Failed(r.Message);
    }

    AgentResult NotHere(string volume) =>
        AgentResult.Failed($"volume {volume} has no [volumes.{volume}.on.<this node>] section; add one or take volume::{volume} out of the group");
}
