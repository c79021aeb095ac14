using Tandem.Device;
using Tandem.Storage;

namespace Tandem.Volume;

public sealed partial class VolumeRuntime
{
    public async Task<CommandResult> UpAsync(CancellationToken ct)
    {
        if (_state.Up)
            return CommandResult.Done($"{name} is already up");
        try
        {
            _md = VolumeMetadata.Open(name, local, node, NewUuid, logs);
            _disk = new BackingFile(local.Disk);
            _target = new VolumeBlockTarget(name, _disk, _md.DataSize, _md.BeforeWriteAsync, OnDiskError, _log);
            _export = await VolumeExport.StartAsync(name, local.NbdSocket, _target, logs, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await CloseAsync();
            return CommandResult.Fail(e.Message);
        }
        Apply(new VolumeInput.Attached(_md.Consistent, _md.WasUpToDate), "up");
        return CommandResult.Done($"{name} is up: {_state}");
    }

    public async Task<CommandResult> DownAsync(CancellationToken ct)
    {
        if (!_state.Up)
            return CommandResult.Done($"{name} is already down");
        var t = Apply(new VolumeInput.Detach(), "down");
        if (t.Refused)
            return CommandResult.Fail(t.Refusal!);
        await CloseAsync();
        return CommandResult.Done($"{name} is down");
    }

    public async Task<CommandResult> PromoteAsync(bool force, CancellationToken ct)
    {
        if (_state.Role == Role.Primary)
            return CommandResult.Done($"{name} is already Primary");
        var before = _state;
        var t = Apply(new VolumeInput.Promote(force), "primary");
        if (t.Refused)
            return CommandResult.Fail(t.Refusal!);
        try
        {
            var uuid = await _md!.MarkPrimaryAsync(newData: before.Disk != DiskState.UpToDate, ct);
            _log.NewGeneration(name, uuid);
            _device = await BlockDeviceFrontEnd.AttachAsync(name, local.NbdSocket, logs, ct);
            DeviceLinks.Create(name, _device.NodePath);
            _log.DeviceReady(name, DeviceLinks.PathOf(name), _device.Backend);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await RemoveDeviceAsync();
            Apply(new VolumeInput.Demote(null), "primary (undo)");
            return CommandResult.Fail($"{name} could not be promoted: {e.Message}");
        }
        return CommandResult.Done($"{name} is Primary; block device {DeviceLinks.PathOf(name)} -> {_device.NodePath}");
    }

    public async Task<CommandResult> DemoteAsync(CancellationToken ct)
    {
        if (!_state.Up || _state.Role != Role.Primary)
            return CommandResult.Done($"{name} is already Secondary");
        // The device goes first, while still Primary: if the kernel still finds it busy (an opener
        // the scan of /proc missed), nothing has changed and the refusal says so.
        var holder = Holders();
        if (holder is null)
        {
            try { await RemoveDeviceAsync(); }
            catch (Fuse.LoopDeviceBusyException e) { holder = $"an opener of {e.LoopPath} that the kernel reports as busy"; }
        }
        var t = Apply(new VolumeInput.Demote(holder), "secondary");
        if (t.Refused)
            return CommandResult.Fail(t.Refusal!);
        _disk!.Sync();
        await _md!.MarkSecondaryAsync(ct);
        return CommandResult.Done($"{name} is Secondary");
    }

    /// <summary>On daemon stop: demote if nothing holds the device, then detach.</summary>
    public async Task<CommandResult> ShutdownAsync(CancellationToken ct)
    {
        if (!_state.Up)
            return CommandResult.Done("down");
        if (_state.Role == Role.Primary)
        {
            var r = await DemoteAsync(ct);
            if (!r.Ok)
            {
                // Stopping anyway: the holder will see I/O errors from now on. Data already
                // acknowledged is on disk; the metadata keeps "primary" so the next start knows.
                await RemoveDeviceAsync();
                _target!.Primary = false;
                await CloseAsync();
                _state = VolumeState.Down;
                return r;
            }
        }
        return await DownAsync(ct);
    }

    /// <summary>What keeps the device busy: mounts and open file descriptors, then NBD clients other than our own device.</summary>
    string? Holders()
    {
        var found = new List<string>();
        if (_device is not null)
            found.AddRange(HolderInspector.Find(_device.NodePath));
        found.AddRange(_export?.ForeignClients() ?? []);
        return found.Count == 0 ? null : string.Join(", ", found);
    }

    async Task RemoveDeviceAsync()
    {
        if (_device is not null)
        {
            await _device.DisposeAsync();
            _device = null;
            _log.DeviceRemoved(name);
        }
        DeviceLinks.Remove(name);
    }

    async Task CloseAsync()
    {
        await RemoveDeviceAsync();
        if (_export is not null)
            await _export.DisposeAsync();
        _export = null;
        _target = null;
        _disk?.Dispose();
        _disk = null;
        _md?.Dispose();
        _md = null;
    }
}
