namespace Tandem.Metadata;

/// <summary>
/// Picks the superblock to use from the two copies. Rule: among the copies that pass every check,
/// the one with the highest sequence wins. An update always writes the copy that does not hold the
/// newest, so a crash during an update tears at most that copy and the other is the last committed
/// state. One unusable copy is reported (never hidden) and is rewritten by the next update; both
/// unusable, or two valid copies of different metadata (device uuids differ), is refused.
/// </summary>
static class SuperblockCopies
{
    public sealed record Choice(Superblock Superblock, int Copy, MetadataCorruptException? OtherProblem);

    public static Choice Pick(IMetadataIo io, MetadataLayout expectedAt, MetadataSource source)
    {
        var parsed = new Superblock?[2];
        var errors = new MetadataCorruptException?[2];
        var block = new byte[MetadataFormat.SuperblockSize];
        for (int c = 0; c < 2; c++)
        {
            long at = expectedAt.SuperblockCopyOffset(c);
            io.Read(at, block);
            try { parsed[c] = SuperblockCodec.Parse(block, source with { Offset = at }); }
            catch (MetadataCorruptException e) { errors[c] = e; }
        }
        if (parsed[0] is null && parsed[1] is null)
        {
            // Prefer the error that says more than "no metadata here".
            throw errors[0]!.Reason != MetadataCorruption.NoMetadata ? errors[0]! : errors[1]!.Reason != MetadataCorruption.NoMetadata ? errors[1]! : errors[0]!;
        }
        if (parsed[0] is { } a && parsed[1] is { } b)
        {
            if (a.DeviceUuid != b.DeviceUuid)
                throw new MetadataCorruptException(MetadataCorruption.LayoutInconsistent,
                    $"the two superblock copies on {source.Disk} (offsets {expectedAt.SuperblockCopyOffset(0)} and {expectedAt.SuperblockCopyOffset(1)}) " +
                    $"belong to different metadata (device uuids {a.DeviceUuid:X16} and {b.DeviceUuid:X16}): refusing to attach; " +
                    $"recreate with tandem volume create-md {source.Resource} --force then resync — nothing was changed",
                    source.Disk, expectedAt.SuperblockOffset);
            return b.Sequence > a.Sequence ? new Choice(b, 1, null) : new Choice(a, 0, null);
        }
        int good = parsed[0] is null ? 1 : 0;
        return new Choice(parsed[good]!, good, errors[1 - good]);
    }
}
