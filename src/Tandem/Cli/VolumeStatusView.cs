using System.Globalization;
using System.Text;
using Tandem.Volume;

namespace Tandem.Cli;

/// <summary>The human form of volume status: one block per volume, like /proc/drbd but spelled out.</summary>
static class VolumeStatusView
{
    public static string Render(IEnumerable<VolumeStatus> volumes)
    {
        var sb = new StringBuilder();
        foreach (var v in volumes)
        {
            if (!v.Up)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"{v.Name}: down (backing disk {v.BackingDisk}; bring it up with: tandem volume up {v.Name})");
                continue;
            }
            sb.AppendLine(CultureInfo.InvariantCulture, $"{v.Name}: {v.Role}/{v.PeerRole}  disk {v.Disk}/{v.PeerDisk}  {v.Connection}  protocol {v.Protocol}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"    size {Units.Bytes(v.SizeBytes)}   out of sync {Units.Bytes(v.OutOfSyncBytes)}   device {v.Device ?? "(none: not Primary)"}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"    backing {v.BackingDisk}   metadata {v.MetaDisk}   nbd {v.NbdSocket}   generation {v.CurrentUuid}");
            if (v.Sync is { } s)
                sb.AppendLine(CultureInfo.InvariantCulture, $"    sync {s.DonePercent:0.0}% at {Units.Bytes(s.SpeedBytesPerS)}/s, about {s.EtaS} s left");
            if (v.Suspended is { } susp)
                sb.AppendLine(CultureInfo.InvariantCulture, $"    I/O suspended: {susp}: {v.SuspendedWhy ?? "new writes wait"}");
            if (v.Disk == DiskState.Outdated && v.Role != Role.Primary)
                sb.AppendLine(CultureInfo.InvariantCulture, $"    data Outdated: the peer went on without it; not promoted without --force until a resync from the peer makes it UpToDate");
            if (v.SplitBrain)
                sb.AppendLine(CultureInfo.InvariantCulture, $"    SPLIT BRAIN: data diverged; on the node whose changes you drop run: tandem volume connect {v.Name} --discard-my-data");
        }
        return sb.ToString();
    }
}
