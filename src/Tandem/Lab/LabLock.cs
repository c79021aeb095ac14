namespace Tandem.Lab;

/// <summary>
/// Marks a lab as in use: an exclusive lock (flock) on <c>DIR/lock</c>, held by the running lab for its whole life.
/// A lab whose lock nobody holds belongs to a run that is gone.
/// </summary>
public sealed class LabLock : IDisposable
{
    const string FileName = "lock";
    readonly FileStream _file;

    LabLock(FileStream file) => _file = file;

    /// <summary>Creates the lab directory and takes its lock.</summary>
    public static LabLock Take(LabNames names)
    {
        Directory.CreateDirectory(names.Dir);
        var path = Path.Combine(names.Dir, FileName);
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var line = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
        file.SetLength(0);
        file.Write(line);
        file.Flush();
        return new LabLock(file);
    }

    /// <summary>
    /// Whether a live run holds this lab. A directory that a run is creating right now (younger than a minute,
    /// without its lock file yet) counts as held.
    /// </summary>
    public static bool IsHeld(LabNames names)
    {
        var path = Path.Combine(names.Dir, FileName);
        if (!File.Exists(path))
            return Directory.Exists(names.Dir) && DateTime.UtcNow - Directory.GetCreationTimeUtc(names.Dir) < TimeSpan.FromMinutes(1);
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    public void Dispose() => _file.Dispose();
}
