using Microsoft.Extensions.Logging;
using Tandem.Config;
using Tandem.Metadata;

namespace Tandem.Volume;

/// <summary>
/// The volume's view of its metadata: what the state machine needs at attach, the activity log on
/// the write path, and the generation/flag changes that go with a role change (DRBD's rules).
/// </summary>
public sealed class VolumeMetadata : IDisposable
{
    readonly MetadataHandle _h;
    readonly Func<ulong> _newUuid;

    VolumeMetadata(MetadataHandle h, Func<ulong> newUuid)
    {
        _h = h;
        _newUuid = newUuid;
    }

    public static VolumeMetadata Open(string volume, VolumeNodeOptions local, string node, Func<ulong> newUuid, ILoggerFactory logs) =>
        new(MetadataStore.Open(new MetadataTarget(volume, local.Disk, local.MetaDisk), node, null, logs.CreateLogger("Tandem.Metadata")), newUuid);

    public long DataSize => _h.DataSize;
    public long OutOfSyncBytes => _h.Bitmap.DirtyBytes;
    public ulong CurrentUuid => _h.Superblock.Uuids.Current;
    public bool Consistent => _h.Superblock.Flags.HasFlag(MetadataFlags.Consistent);
    public bool WasUpToDate => _h.Superblock.Flags.HasFlag(MetadataFlags.WasUpToDate);

    /// <summary>True when the node stopped while Primary without demoting (a crash or kill -9).</summary>
    public bool WasPrimary => _h.Superblock.Flags.HasFlag(MetadataFlags.PrimaryInd);

    /// <summary>On the write path: the extent is recorded in the activity log before data reaches the disk.</summary>
    public ValueTask BeforeWriteAsync(long offset, long length, CancellationToken ct) =>
        _h.ActivityLog.EnsureActiveAsync(offset, length, ct);

    /// <summary>
    /// Promotion starts a new generation: the current UUID moves to the bitmap slot (so a later
    /// resync knows where the histories forked) and a fresh one becomes current. With
    /// <paramref name="newData"/> (a forced promotion of data that was not UpToDate) the old
    /// generations no longer describe this data and go to history only.
    /// </summary>
    public async ValueTask<ulong> MarkPrimaryAsync(bool newData, CancellationToken ct)
    {
        ulong fresh = _newUuid();
        var sb = await _h.UpdateAsync(s =>
        {
            var u = s.Uuids;
            var uuids = newData || u.Bitmap != 0
                ? new GenerationUuids(fresh, u.Bitmap, u.Current, u.History0)
                : new GenerationUuids(fresh, u.Current, u.History0, u.History1);
            var flags = (s.Flags | MetadataFlags.Consistent | MetadataFlags.WasUpToDate | MetadataFlags.PrimaryInd)
                        & ~(MetadataFlags.FullSync | MetadataFlags.CrashedPrimary);
            return s with { Uuids = uuids, Flags = flags };
        }, ct);
        return sb.Uuids.Current;
    }

    /// <summary>After a clean demotion: not Primary any more, bitmap and activity log on disk.</summary>
    public async ValueTask MarkSecondaryAsync(CancellationToken ct)
    {
        await _h.FlushAsync(ct);
        await _h.UpdateAsync(s => s with { Flags = s.Flags & ~MetadataFlags.PrimaryInd }, ct);
    }

    public void Dispose() => _h.Dispose();
}
