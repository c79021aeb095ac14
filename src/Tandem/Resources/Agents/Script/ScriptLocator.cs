namespace Tandem.Resources.Agents.Script;

/// <summary>Finds a script by name in the resource directories, in order (CONTRACT.md).</summary>
public sealed class ScriptLocator(IReadOnlyList<(string Directory, ScriptStyle Style)> directories)
{
    public static readonly ScriptLocator Default = new([
        ("/etc/tandem/resource.d", ScriptStyle.Heartbeat),
        ("/etc/ha.d/resource.d", ScriptStyle.Heartbeat),
        ("/etc/init.d", ScriptStyle.Lsb),
    ]);

    public IReadOnlyList<(string Directory, ScriptStyle Style)> Directories => directories;

    /// <summary>The script's path and style, or null when no directory has it.</summary>
    public (string Path, ScriptStyle Style)? Find(string name)
    {
        if (name.StartsWith('/'))
            return File.Exists(name) ? (name, name.Contains("/resource.d/", StringComparison.Ordinal) ? ScriptStyle.Heartbeat : ScriptStyle.Lsb) : null;
        foreach (var (dir, style) in directories)
        {
            var path = System.IO.Path.Combine(dir, name);
            if (File.Exists(path))
                return (path, style);
        }
        return null;
    }

    public string Describe() => string.Join(", ", directories.Select(d => d.Directory));
}
