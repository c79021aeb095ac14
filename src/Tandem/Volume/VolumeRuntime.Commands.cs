using Tandem.Device;
using Tandem.Replication.Core;
using Tandem.Storage;

namespace Tandem.Volume;

public sealed partial class VolumeRuntime
{
    public async Task<CommandResult> UpAsync(CancellationToken ct)
    {
        if (State.Up)
            return CommandResult.Done($"{name} is already up");
        try
        {
            _disk = new BackingFile(local.Disk);
            _store = ReplicaStore.Open(name, local, node, _disk, logs);
            _host = new ReplicaHost(options, local, peer, node, _store, _disk, logs, events, time, random) { Fence = Fence };
            _export = await VolumeExport.StartAsync(name, local.NbdSocket, new VolumeBlockTarget(name, _host), logs, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await CloseAsync();
            return CommandResult.Fail(e.Message);
        }
        _host.Attach();
        if (Fence?.PeerDead == true)
            _host.PeerNodeChanged(dead: true);
        return CommandResult.Done($"{name} is up: {State}");
    }

    public async Task<CommandResult> DownAsync(CancellationToken ct)
    {
        if (!State.Up)
            return CommandResult.Done($"{name} is already down");
        var r = _host!.Command((c, now) => c.Detach(now));
        if (!r.Ok)
            return r;
        await CloseAsync();
        return CommandResult.Done($"{name} is down");
    }

    public async Task<CommandResult> PromoteAsync(bool force, CancellationToken ct)
    {
        if (!State.Up)
            return CommandResult.Fail($"{name} is down; bring it up first: tandem volume up {name}");
        if (State.Role == Role.Primary)
            return CommandResult.Done($"{name} is already Primary");
        var r = _host!.Command((c, now) => c.Promote(force, now));
        if (!r.Ok)
            return r;
        try
        {
            (_device, var notKernelNbd) = await BlockDevices.AttachAsync(name, local.NbdSocket, _export!.Target, logs, ct);
            if (notKernelNbd is not null)
                _log.KernelNbdNotUsed(name, notKernelNbd);
            DeviceLinks.Create(name, _device.NodePath);
            _log.DeviceReady(name, DeviceLinks.PathOf(name), _device.Backend);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await RemoveDeviceAsync();
            _host.Command((c, now) => c.Demote(null, now));
            return CommandResult.Fail($"{name} could not be promoted: {e.Message}");
        }
        return CommandResult.Done($"{name} is Primary; block device {DeviceLinks.PathOf(name)} -> {_device.NodePath}");
    }

    public async Task<CommandResult> DemoteAsync(CancellationToken ct)
    {
        if (!State.Up || State.Role != Role.Primary)
            return CommandResult.Done($"{name} is already Secondary");
        // The device goes first, while still Primary: if the kernel still finds it busy (an opener
        // the scan of /proc missed), nothing has changed and the refusal says so.
        var holder = Holders();
        if (holder is not null)
            return HeldOpen(holder);
        try { await RemoveDeviceAsync(); }
        catch (DeviceBusyException e)
        {
            return HeldOpen(e.Holder);
        }
        // Writes still in flight at the peer finish before the role changes (the device is gone, nothing new comes).
        for (int i = 0; i < 100 && _host!.Read((c, _) => c.UnconfirmedWrites) > 0; i++)
            await Task.Delay(20, ct);
        return _host!.Command((c, now) => c.Demote(null, now));
    }

    public CommandResult Connect(bool discardMyData) =>
        !State.Up ? CommandResult.Fail($"{name} is down; bring it up first: tandem volume up {name}")
            : _host!.Command((c, now) => c.Connect(discardMyData, now));

    public CommandResult Disconnect() =>
        !State.Up ? CommandResult.Done($"{name} is down") : _host!.Command((c, now) => c.Disconnect(now));

    public CommandResult Verify() =>
        !State.Up ? CommandResult.Fail($"{name} is down") : _host!.Command((c, now) => c.Verify(now));

    public CommandResult Invalidate() =>
        !State.Up ? CommandResult.Fail($"{name} is down") : _host!.Command((c, now) => c.Invalidate(now));

    /// <summary>On daemon stop: demote if nothing holds the device, then detach.</summary>
    public async Task<CommandResult> ShutdownAsync(CancellationToken ct)
    {
        if (!State.Up)
            return CommandResult.Done("down");
        if (State.Role == Role.Primary)
        {
            var r = await DemoteAsync(ct);
            if (!r.Ok)
            {
                // Stopping anyway: the holder will see I/O errors from now on. Data already
                // acknowledged is on disk; the metadata keeps "primary" so the next start knows.
                await RemoveDeviceAsync();
                await CloseAsync();
                return r;
            }
        }
        return await DownAsync(ct);
    }

    CommandResult HeldOpen(string holder) =>
        CommandResult.Fail($"/dev/tandem/{name} is held open by {holder}; unmount it or stop that process, then retry");

    /// <summary>What keeps the device busy: mounts and open file descriptors, then NBD clients other than our own device.</summary>
    string? Holders()
    {
        var found = new List<string>();
        if (_device is not null)
            found.AddRange(HolderInspector.Find(_device.NodePath));
        found.AddRange(_export?.ForeignClients(_device?.ClientProcessId) ?? []);
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
        if (_host is not null)
            await _host.DisposeAsync();
        _host = null;
        if (_store is not null)
            await _store.DisposeAsync();
        _store = null;
        _disk?.Dispose();
        _disk = null;
    }
}
