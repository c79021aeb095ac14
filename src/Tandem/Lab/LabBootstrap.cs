using System.Text.Json;

namespace Tandem.Lab;

/// <summary>
/// Prepares the replicated volume once, before any resource runs: fresh metadata on both backing files, both
/// daemons up with the bootstrap config (no group), node-a promoted with --force (the initial full sync to node-b),
/// ext4 and a MariaDB datadir with the workload's schema on /dev/tandem/r0, then everything stopped again so
/// the group manager starts from a clean state.
/// </summary>
public static class LabBootstrap
{
    public static void Prepare(Lab lab, CancellationToken ct, TimeSpan? syncTimeout = null)
    {
        var l = lab.Layout;
        var a = lab[LabNodeId.A];
        var p = lab.Progress;
        foreach (var n in LabNodeId.Both)
            lab[n].CliOk(l.BootstrapConfigPath, "volume", "create-md", LabLayout.Volume);
        p.Say("metadata written on both backing files; starting both daemons (bootstrap config, no group)");
        foreach (var n in LabNodeId.Both)
            lab[n].StartDaemon(l.BootstrapConfigPath);
        foreach (var n in LabNodeId.Both)
            lab[n].CliOk(l.BootstrapConfigPath, "volume", "up", LabLayout.Volume);
        a.CliOk(l.BootstrapConfigPath, "volume", "primary", LabLayout.Volume, "--force");
        p.Say($"{a.Name} is Primary; waiting for the initial sync to {LabNodeId.B.Name}");
        WaitConnectedUpToDate(lab, syncTimeout ?? TimeSpan.FromMinutes(3), ct);
        p.Say("replicas in sync; making ext4 and the MariaDB datadir on /dev/tandem/r0");
        a.RunOk("mkfs.ext4", "-q", "-F", LabLayout.Device);
        a.RunOk("mount", LabLayout.Device, l.MountPoint);
        ct.ThrowIfCancellationRequested();
        var db = lab.MariaDb[LabNodeId.A];
        db.Install();
        db.Start();
        db.CreateSchema();
        db.Stop();
        a.RunOk("umount", l.MountPoint);
        a.CliOk(l.BootstrapConfigPath, "volume", "secondary", LabLayout.Volume);
        WaitConnectedUpToDate(lab, syncTimeout ?? TimeSpan.FromMinutes(3), ct);
        foreach (var n in LabNodeId.Both)
            lab[n].StopDaemon(TimeSpan.FromSeconds(60));
        p.Say("volume prepared; daemons stopped");
    }

    /// <summary>Both nodes report r0 Connected and UpToDate/UpToDate.</summary>
    public static void WaitConnectedUpToDate(Lab lab, TimeSpan limit, CancellationToken ct = default)
    {
        var until = DateTime.UtcNow + limit;
        string last = "";
        while (true)
        {
            var ok = true;
            foreach (var n in LabNodeId.Both)
            {
                var v = Volume(lab[n].TryStatus());
                last = $"{n}: {(v is { } x ? $"{x.GetProperty("connection")} {x.GetProperty("disk")}/{x.GetProperty("peer_disk")}" : "no status")}";
                if (v is not { } s || s.GetProperty("connection").GetString() != "Connected"
                    || s.GetProperty("disk").GetString() != "UpToDate" || s.GetProperty("peer_disk").GetString() != "UpToDate")
                {
                    ok = false;
                    break;
                }
            }
            if (ok)
                return;
            if (DateTime.UtcNow > until)
                throw new LabException($"the replicas did not reach Connected UpToDate/UpToDate within {limit.TotalSeconds:0} s (last: {last}); replication between the daemons is needed for the lab");
            ct.ThrowIfCancellationRequested();
            Thread.Sleep(250);
        }
    }

    /// <summary>Volume r0 in a node's status, or null.</summary>
    public static JsonElement? Volume(JsonElement? status)
    {
        if (status is not { } s || !s.TryGetProperty("volumes", out var vols) || vols.ValueKind != JsonValueKind.Array)
            return null;
        foreach (var v in vols.EnumerateArray())
            if (v.TryGetProperty("name", out var n) && n.GetString() == LabLayout.Volume)
                return v;
        return null;
    }
}
