namespace Tandem.Config.Import;

/// <summary>The classic config formats <c>tandem config import</c> reads.</summary>
public enum ImportFormat
{
    /// <summary>Heartbeat's <c>ha.cf</c>: timing, nodes, links.</summary>
    HaCf,
    /// <summary>Heartbeat's <c>authkeys</c>: the shared key.</summary>
    AuthKeys,
    /// <summary>Heartbeat's <c>haresources</c>: resource groups.</summary>
    HaResources,
    /// <summary><c>drbd.conf</c>, <c>global_common.conf</c>, <c>*.res</c>: replicated volumes.</summary>
    Drbd,
    /// <summary><c>/etc/hosts</c>: which address belongs to which node.</summary>
    Hosts,
}

/// <summary>One file given to the import, with its text.</summary>
public sealed record ImportFile(string Path, string Text)
{
    /// <summary>The lines of the text, without line ends (index 0 is line 1).</summary>
    public string[] Lines() => Text.Replace("\r\n", "\n").Split('\n');

    public SourceLine At(int line) => new(Path, line);

    /// <summary>
    /// Which format the file is in: by its name first (<c>ha.cf</c>, <c>authkeys</c>, <c>haresources</c>,
    /// <c>hosts</c>, <c>drbd.conf</c>, <c>*.res</c>, <c>*.conf</c>; a prefix or suffix such as <c>node1-ha.cf</c> is
    /// fine), else by its first meaningful line. Null when neither tells.
    /// </summary>
    public ImportFormat? Detect()
    {
        var name = System.IO.Path.GetFileName(Path).ToLowerInvariant();
        if (name.Contains("ha.cf", StringComparison.Ordinal))
            return ImportFormat.HaCf;
        if (name.Contains("authkeys", StringComparison.Ordinal))
            return ImportFormat.AuthKeys;
        if (name.Contains("haresources", StringComparison.Ordinal))
            return ImportFormat.HaResources;
        if (name.Contains("hosts", StringComparison.Ordinal))
            return ImportFormat.Hosts;
        if (name.Contains("drbd", StringComparison.Ordinal) || name.EndsWith(".res", StringComparison.Ordinal) || name.EndsWith(".conf", StringComparison.Ordinal))
            return ImportFormat.Drbd;
        return Sniff();
    }

    ImportFormat? Sniff()
    {
        foreach (var raw in Lines())
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            var word = line.Split((char[])[' ', '\t', '{', ';'], 2)[0];
            if (word is "resource" or "global" or "common" or "include" || line.Contains('{'))
                return ImportFormat.Drbd;
            if (word == "auth")
                return ImportFormat.AuthKeys;
            if (HaCfReader.IsKnownDirective(word))
                return ImportFormat.HaCf;
            if (System.Net.IPAddress.TryParse(word, out _))
                return ImportFormat.Hosts;
            return line.Contains("::", StringComparison.Ordinal) ? ImportFormat.HaResources : null;
        }
        return null;
    }
}
