using Microsoft.Extensions.Logging;
using Tandem.Config;
using Tandem.Daemon;
using Tandem.Device;
using Tandem.Storage;

namespace Tandem.Volume;

/// <summary>
/// One volume on this node: what each state needs open — backing disk, metadata and the replica (its
/// state machine, its link to the peer) while up, the NBD export while up, the block device while
/// Primary. Commands are serialised by the caller (<see cref="CommandDispatcher"/>).
/// </summary>
public sealed partial class VolumeRuntime(
    string name, VolumeOptions options, VolumeNodeOptions local, string node, VolumePeer? peer,
    ILoggerFactory logs, EventJournal events, TimeProvider time, Random random)
{
    readonly ILogger _log = logs.CreateLogger("Tandem.Volume");
    BackingFile? _disk;
    ReplicaStore? _store;
    ReplicaHost? _host;
    VolumeExport? _export;
    IBlockDevice? _device;

    public string Name => name;

    public VolumeState State => _host?.State ?? VolumeState.Down;

    public VolumeStatus Status()
    {
        var s = State;
        var host = _host;
        var (sync, splitBrain, uuid, waits) = host is null ? (null, false, "", null)
            : host.Read((c, now) => (c.Progress(), c.SplitBrain, c.Uuids.Current.ToString("X16"), c.SuspendedWhy));
        return new VolumeStatus(
            name, s.Up, s.Role, s.PeerRole, s.Connection, s.Disk, s.PeerDisk,
            options.Protocol.ToString(), _host?.SizeBytes ?? 0, _store?.Bitmap.DirtyBytes ?? 0, sync, splitBrain,
            _device is null ? null : DeviceLinks.PathOf(name), local.Disk, local.MetaDisk, local.NbdSocket, uuid,
            s.Suspended == Suspension.None ? null : s.Suspended.ToString().ToLowerInvariant(), waits);
    }
}
