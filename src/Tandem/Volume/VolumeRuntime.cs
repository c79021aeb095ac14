using Microsoft.Extensions.Logging;
using Tandem.Config;
using Tandem.Daemon;
using Tandem.Device;
using Tandem.Storage;

namespace Tandem.Volume;

/// <summary>
/// One volume on this node: the state machine plus what each state needs open — metadata and backing
/// disk while up, the NBD export while up, the block device while Primary. Commands are serialised by
/// the caller (<see cref="CommandDispatcher"/>).
/// </summary>
public sealed partial class VolumeRuntime(
    string name, VolumeOptions options, VolumeNodeOptions local, string node,
    ILoggerFactory logs, EventJournal events, Random random)
{
    readonly ILogger _log = logs.CreateLogger("Tandem.Volume");
    VolumeState _state = VolumeState.Down;
    VolumeMetadata? _md;
    BackingFile? _disk;
    VolumeBlockTarget? _target;
    VolumeExport? _export;
    IBlockDevice? _device;

    public string Name => name;

    /// <summary>A generation UUID: random, never 0 (unset) and never the "just created" marker.</summary>
    ulong NewUuid()
    {
        ulong u;
        do u = ((ulong)random.NextInt64() << 1) | (uint)random.Next(2);
        while (u <= Metadata.GenerationUuids.JustCreated);
        return u;
    }
    public VolumeState State => _state;

    /// <summary>Runs one input through the state machine and logs the change (old → new) once.</summary>
    Transition Apply(VolumeInput input, string command)
    {
        var t = VolumeStateMachine.Apply(_state, input, name);
        if (t.Refused)
        {
            _log.Refused(name, command, t.Refusal!);
            return t;
        }
        if (t.Changed)
        {
            _log.StateChanged(name, _state, t.State);
            events.Add($"{name}: {_state} -> {t.State}");
        }
        _state = t.State;
        if (_target is not null)
            _target.Primary = _state.Role == Role.Primary && _state.Disk == DiskState.UpToDate;
        return t;
    }

    public VolumeStatus Status() => new(
        name, _state.Up, _state.Role, _state.PeerRole, _state.Connection, _state.Disk, _state.PeerDisk,
        options.Protocol.ToString(), _md?.DataSize ?? 0, _md?.OutOfSyncBytes ?? 0, null, false,
        _device is null ? null : DeviceLinks.PathOf(name), local.Disk, local.MetaDisk, local.NbdSocket,
        _md?.CurrentUuid.ToString("X16") ?? "");

    void OnDiskError(long offset, Exception e)
    {
        // on_io_error = "detach": without a peer the volume cannot go on serving; every later
        // request fails with EIO until the operator brings it down and replaces the disk.
        lock (this)
            Apply(new VolumeInput.DiskFailed(), "I/O");
    }
}
