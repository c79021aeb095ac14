namespace Tandem.Resources.Agents.Filesystem;

/// <summary>Stop: unmount, and when the mount is busy, end its holders (TERM, then KILL) and try again.</summary>
public sealed partial class FilesystemAgent
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public async Task<AgentResult> StopAsync(CancellationToken ct)
    {
        var reason = "";
        for (var attempt = 1; attempt <= UnmountAttempts; attempt++)
        {
            var mount = Ours();
            if (mount is null)
                return AgentResult.Ok;
            var r = await context.RunAsync("umount", [Dir], ct);
            if (r.ExitCode == 0)
                continue;
            reason = r.Describe();
            context.Log.UnmountFailed(spec.Id, Dir, attempt, reason);
            var holders = await Task.Run(() => MountHolders.Find(mount), ct);
            if (holders.Count == 0)
            {
                await Task.Delay(Poll * attempt, context.Time, ct);
                continue;
            }
            reason = $"held by {Describe(holders)}";
            await EndAsync(holders, ct);
        }
        return Ours() is { } still
            ? AgentResult.Failed($"{Dir} is still mounted after {UnmountAttempts} attempts ({reason}); stop what uses it, then retry")
            : AgentResult.Ok;
    }

    /// <summary>The mount of this resource at the directory, or null when it is not (or no longer) mounted.</summary>
    MountEntry? Ours() =>
        MountEntry.At(MountEntry.ReadAll(), Dir) is { } m && DeviceIdentity.Matches(m, spec.Device) ? m : null;

    /// <summary>TERM every holder, wait up to <see cref="TermGrace"/>, then KILL whoever is left.</summary>
    async Task EndAsync(IReadOnlyList<int> holders, CancellationToken ct)
    {
        foreach (var pid in holders)
        {
            context.Log.KillingHolder(spec.Id, "SIGTERM", pid, Device.HolderInspector.Comm(pid), Dir);
            ProcessSignals.Send(pid, ProcessSignals.SigTerm);
        }
        var deadline = context.Time.GetUtcNow() + TermGrace;
        while (holders.Any(ProcessSignals.Alive) && context.Time.GetUtcNow() < deadline)
            await Task.Delay(Poll, context.Time, ct);
        foreach (var pid in holders.Where(ProcessSignals.Alive))
        {
            context.Log.KillingHolder(spec.Id, "SIGKILL", pid, Device.HolderInspector.Comm(pid), Dir);
            ProcessSignals.Send(pid, ProcessSignals.SigKill);
        }
        // A killed process lets go of its files once it is reaped; give it a moment.
        var reaped = context.Time.GetUtcNow() + TimeSpan.FromSeconds(2);
        while (holders.Any(ProcessSignals.Alive) && context.Time.GetUtcNow() < reaped)
            await Task.Delay(Poll, context.Time, ct);
    }

    static string Describe(IReadOnlyList<int> pids) =>
        string.Join(", ", pids.Take(5).Select(p => $"process {p} ({Device.HolderInspector.Comm(p)})")) + (pids.Count > 5 ? $" and {pids.Count - 5} more" : "");
}
