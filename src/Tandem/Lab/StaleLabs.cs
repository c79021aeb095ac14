namespace Tandem.Lab;

/// <summary>
/// Labs left by a run that crashed or was killed: found by the lab's name prefix (namespaces <c>tdlab-ID-*</c>,
/// directories <c>ROOT/tdlab-ID</c>) and removed at the next start. Labs of runs still in progress are left
/// alone: a run holds a lock file in its directory.
/// </summary>
public static class StaleLabs
{
    public static IReadOnlyList<LabNames> Find(string root)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ns in LabCleanup.ExistingNamespaces())
            if (LabNames.IdOf(ns) is { } id)
                ids.Add(id);
        if (Directory.Exists(root))
            foreach (var dir in Directory.GetDirectories(root, LabNames.Prefix + "*"))
                if (LabNames.IdOf(Path.GetFileName(dir)) is { } id)
                    ids.Add(id);
        return [.. ids.Select(id => new LabNames(id, root)).Where(n => !LabLock.IsHeld(n))];
    }

    /// <summary>Removes every stale lab; returns one line per lab removed (and per problem).</summary>
    public static IReadOnlyList<string> RemoveAll(string root)
    {
        var lines = new List<string>();
        foreach (var names in Find(root))
        {
            var problems = LabCleanup.Remove(names);
            lines.Add(problems.Count == 0 ? $"removed stale lab {names.Tag}" : $"stale lab {names.Tag}: {string.Join("; ", problems)}");
        }
        return lines;
    }
}
