namespace Tandem.Config.Import;

/// <summary>Where the import reads files from: the disk, or memory in tests.</summary>
public interface IImportFileSource
{
    /// <summary>The file's text, or an error message saying why it cannot be read.</summary>
    (ImportFile? File, string? Error) Read(string path);

    /// <summary>Files matching a pattern with <c>*</c>, <c>?</c> or <c>[...]</c> in its last part, sorted as a shell sorts them.</summary>
    IReadOnlyList<string> Glob(string pattern);
}

/// <summary>Files on disk, at most <see cref="Defaults.MaxConfigBytes"/> each, UTF-8.</summary>
public sealed class DiskImportFileSource : IImportFileSource
{
    public (ImportFile? File, string? Error) Read(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > Defaults.MaxConfigBytes)
                return (null, $"larger than {Defaults.MaxConfigBytes / (1024 * 1024)} MiB; is this really a config file?");
            return (new ImportFile(path, File.ReadAllText(path)), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, e.Message);
        }
    }

    public IReadOnlyList<string> Glob(string pattern)
    {
        var dir = Path.GetDirectoryName(pattern);
        var name = Path.GetFileName(pattern);
        if (string.IsNullOrEmpty(dir))
            dir = ".";
        if (!Directory.Exists(dir))
            return [];
        var matches = Directory.GetFiles(dir, "*").Where(f => ImportGlob.Matches(name, Path.GetFileName(f)) && (name.StartsWith('.') || !Path.GetFileName(f).StartsWith('.')));
        return [.. matches.Select(f => Path.Combine(Path.GetDirectoryName(pattern) ?? "", Path.GetFileName(f))).Order(StringComparer.Ordinal)];
    }
}

/// <summary>Shell-style matching of one file name: <c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[a-z]</c>, <c>[!a]</c>.</summary>
public static class ImportGlob
{
    public static bool HasWildcard(string s) => s.IndexOfAny(['*', '?', '[']) >= 0;

    public static bool Matches(string pattern, string name) => Match(pattern, 0, name, 0);

    static bool Match(string p, int pi, string s, int si)
    {
        while (pi < p.Length)
        {
            switch (p[pi])
            {
                case '*':
                    for (var k = si; k <= s.Length; k++)
                        if (Match(p, pi + 1, s, k))
                            return true;
                    return false;
                case '?':
                    if (si >= s.Length)
                        return false;
                    break;
                case '[' when p.IndexOf(']', pi + 1) is var close && close > pi + 1:
                    if (si >= s.Length || !InClass(p[(pi + 1)..close], s[si]))
                        return false;
                    pi = close;
                    break;
                default:
                    if (si >= s.Length || s[si] != p[pi])
                        return false;
                    break;
            }
            pi++;
            si++;
        }
        return si == s.Length;
    }

    static bool InClass(string cls, char c)
    {
        var negate = cls[0] is '!' or '^';
        var set = negate ? cls[1..] : cls;
        var hit = false;
        for (var i = 0; i < set.Length; i++)
        {
            if (i + 2 < set.Length && set[i + 1] == '-')
            {
                hit |= c >= set[i] && c <= set[i + 2];
                i += 2;
            }
            else
                hit |= c == set[i];
        }
        return hit != negate;
    }
}
