namespace Tandem.Metadata;

/// <summary>
/// Decides whether create-md may write, from what the probe found where the metadata goes (DRBD
/// semantics: anything found is refused without --force; with --force it goes ahead and warns how
/// much of what was found gets overwritten).
/// </summary>
static class CreateChecks
{
    public static string? Refusal(MetadataTarget t, MetadataLayout layout, IReadOnlyList<ProbeFinding> found)
    {
        if (found.Count == 0)
            return null;
        string disk = t.MetaPath;
        string force = $"if you are sure, run: tandem volume create-md {t.Resource} --force";
        var main = found.FirstOrDefault(f => f.Kind == ProbeKind.TandemMetadata)
                   ?? found.FirstOrDefault(f => f.HoldsData)
                   ?? found.FirstOrDefault(f => f.Kind == ProbeKind.DrbdMetadata)
                   ?? found[0];
        var others = found.Where(f => f != main).Select(f => f.Description).ToList();
        string also = others.Count == 0 ? "" : $" (also found: {string.Join("; ", others)})";
        string what = main.Kind switch
        {
            ProbeKind.TandemMetadata =>
                $"{disk} already holds {main.Description}{also}. create-md would discard its generation UUIDs and out-of-sync bitmap, " +
                $"and the next connect would run a full sync; {force}",
            ProbeKind.DrbdMetadata =>
                $"{disk} holds {main.Description}{also}: it is or was a DRBD backing disk; detach it from DRBD first, or {force}",
            ProbeKind.MbrPartitionTable or ProbeKind.GptPartitionTable =>
                $"{disk} holds {Article(main)} {main.Description}{also}: it looks like a whole disk rather than a partition; " +
                $"did you mean one of its partitions? {Capital(force)}",
            _ when t.IsInternal =>
                $"{disk} holds {Article(main)} {main.ShortName}{also}. Writing metadata at its end could destroy data there{Overlap(main, layout)}; {force}",
            _ =>
                $"{disk} holds {Article(main)} {main.ShortName}{also}. Writing external metadata over it would destroy it; {force}",
        };
        return what;
    }

    /// <summary>What --force overwrote, one line each.</summary>
    public static List<string> ForcedWarnings(MetadataTarget t, MetadataLayout layout, IReadOnlyList<ProbeFinding> found)
    {
        var warnings = new List<string>();
        string disk = t.MetaPath;
        foreach (var f in found)
        {
            if (f.Kind == ProbeKind.TandemMetadata)
                warnings.Add($"replaced the existing {f.Description} on {disk}");
            else if (f.Kind == ProbeKind.DrbdMetadata)
                warnings.Add($"overwrote {f.Description} on {disk}");
            else if (f.Kind == ProbeKind.GptPartitionTable && t.IsInternal)
                warnings.Add($"the {f.KindName} on {disk} keeps a backup copy at the end of the disk, which is now overwritten by metadata");
            else if (!t.IsInternal && f.HoldsData)
                warnings.Add($"the {f.ShortName} at the start of {disk} is destroyed by the metadata written there");
            else if (f.HoldsData && f.Size is { } size)
            {
                long end = Math.Min(f.Offset + size, layout.MetaDeviceSize);
                if (end > layout.AlOffset)
                    warnings.Add($"the {f.ShortName} on {disk} extends into the metadata area: its last {end - layout.AlOffset} bytes " +
                                 $"({SizeText.Format(end - layout.AlOffset)}, from offset {layout.AlOffset}) were overwritten");
            }
            else if (f.HoldsData)
                warnings.Add($"the {f.ShortName} on {disk} may extend into the metadata area: {layout.MetaDeviceSize - layout.AlOffset} bytes from offset {layout.AlOffset} were overwritten");
        }
        return warnings;
    }

    static string Overlap(ProbeFinding f, MetadataLayout layout)
    {
        if (f.Size is not { } size)
            return "";
        long end = f.Offset + size;
        return end > layout.AlOffset
            ? $" (it is {SizeText.Format(size)}, and the metadata would overwrite its last {SizeText.Format(Math.Min(end, layout.MetaDeviceSize) - layout.AlOffset)}; " +
              $"shrink it to at most {layout.DataSize} bytes first to keep it)"
            : $" (it is {SizeText.Format(size)} and seems to end before the metadata area at offset {layout.AlOffset}, but that is only a guess)";
    }

    static string Article(ProbeFinding f) => f.Kind switch
    {
        ProbeKind.Ext2 or ProbeKind.Ext3 or ProbeKind.Ext4 or ProbeKind.ExtJournal or ProbeKind.Xfs
            or ProbeKind.Lvm2PhysicalVolume or ProbeKind.MbrPartitionTable => "an",
        _ => "a",
    };

    static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
