namespace Tandem.Config.Import;

/// <summary>[cluster] from ha.cf: name, timing as Heartbeat used it (its defaults where ha.cf is silent), auto_failback.</summary>
public sealed partial class ImportCombiner
{
    static readonly TimeSpan HeartbeatKeepalive = TimeSpan.FromSeconds(1);
    static readonly TimeSpan HeartbeatDeadtime = TimeSpan.FromSeconds(30);

    void Cluster()
    {
        var cfs = inputs.HaCfs;
        if (cfs.Count == 0)
        {
            if (inputs.HaResources.Count > 0)
                diag.Warn(new SourceLine(inputs.HaResources[0].At.File, 0), "no ha.cf given: the cluster timing is Tandem's default and auto_failback is off");
            return;
        }
        if (First(cfs, c => c.ClusterName) is { } name)
            draft.ClusterName = new Noted<string>(name.Value, name.At.ToString());
        else
            draft.ClusterName = new Noted<string>("linux-ha", "Heartbeat's default cluster name; rename freely");
        var keepalive = Timer(cfs, c => c.Keepalive, "keepalive", HeartbeatKeepalive, "Heartbeat's default");
        var deadtime = Timer(cfs, c => c.Deadtime, "deadtime", HeartbeatDeadtime, "Heartbeat's default");
        var warntime = Timer(cfs, c => c.Warntime, "warntime", deadtime.Value / 2, "Heartbeat's default, deadtime / 2");
        var initdead = Timer(cfs, c => c.Initdead, "initdead", HeartbeatInitdead(deadtime.Value), "Heartbeat's default for this deadtime");
        var deadAt = First(cfs, c => c.Deadtime, warn: false)?.At ?? First(cfs, c => c.Keepalive, warn: false)?.At ?? new SourceLine(cfs[0].File, 0);
        if (deadtime.Value <= 2 * keepalive.Value)
            diag.Error(deadAt, $"deadtime ({Duration.Format(deadtime.Value)}) must be more than twice keepalive ({Duration.Format(keepalive.Value)}); Heartbeat refuses this too");
        if (initdead.Value < deadtime.Value)
            diag.Error(First(cfs, c => c.Initdead, warn: false)?.At ?? deadAt, $"initdead ({Duration.Format(initdead.Value)}) is shorter than deadtime ({Duration.Format(deadtime.Value)}); Heartbeat refuses this too");
        draft.Keepalive = keepalive;
        draft.Deadtime = deadtime;
        draft.Warntime = warntime;
        draft.Initdead = initdead;
        if (First(cfs, c => c.AutoFailback) is { } af)
            draft.AutoFailback = new Noted<bool>(af.Value, af.At.ToString());
        else
        {
            draft.AutoFailback = new Noted<bool>(true, "Heartbeat's default, auto_failback legacy");
            diag.Warn(new SourceLine(cfs[0].File, 0), "no auto_failback: Heartbeat's default (legacy) moved groups back to their preferred node, so auto_failback = true; write auto_failback = false if that is not wanted");
        }
    }

    /// <summary>Heartbeat's initdead when ha.cf sets none (config.c).</summary>
    static TimeSpan HeartbeatInitdead(TimeSpan deadtime) =>
        deadtime > TimeSpan.FromSeconds(10) ? deadtime
        : deadtime < TimeSpan.FromSeconds(6) ? TimeSpan.FromSeconds(12)
        : 2 * deadtime;

    Noted<TimeSpan> Timer(List<HaCf> cfs, Func<HaCf, Sourced<TimeSpan>?> get, string name, TimeSpan fallback, string fallbackNote) =>
        First(cfs, get) is { } v ? new Noted<TimeSpan>(v.Value, v.At.ToString()) : new Noted<TimeSpan>(fallback, fallbackNote);

    /// <summary>The value from the first ha.cf that sets it; a different value in another ha.cf is a warning (Tandem has one config for both nodes).</summary>
    Sourced<T>? First<T>(List<HaCf> cfs, Func<HaCf, Sourced<T>?> get, bool warn = true)
    {
        Sourced<T>? first = null;
        foreach (var cf in cfs)
        {
            var v = get(cf);
            if (v is null)
                continue;
            if (first is null)
                first = v;
            else if (warn && !EqualityComparer<T>.Default.Equals(first.Value, v.Value))
                diag.Warn(v.At, $"differs from {first.At}; Tandem has one config for both nodes and the import keeps the value at {first.At}");
        }
        return first;
    }
}
