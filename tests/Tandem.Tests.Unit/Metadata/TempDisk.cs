using System.Diagnostics;

namespace Tandem.Tests.Unit.Metadata;

/// <summary>A temporary directory for disk images, removed (with any loop devices attached by the test) on dispose.</summary>
sealed class TempDisk : IDisposable
{
    readonly List<string> _loops = [];

    public TempDisk()
    {
        Dir = Path.Combine(Path.GetTempPath(), "tandem-md-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Dir);
    }

    public string Dir { get; }

    /// <summary>A sparse file of <paramref name="size"/> bytes.</summary>
    public string File(string name, long size)
    {
        string path = Path.Combine(Dir, name);
        using (var fs = new FileStream(path, FileMode.Create, FileAccess.Write))
            fs.SetLength(size);
        return path;
    }

    public string PathOf(string name) => Path.Combine(Dir, name);

    /// <summary>Attaches <paramref name="file"/> to a loop device (detached on dispose).</summary>
    public string Loop(string file)
    {
        string dev = Run("losetup", "-f", "--show", file).Trim();
        _loops.Add(dev);
        return dev;
    }

    public static string Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr}");
        return stdout;
    }

    public void Dispose()
    {
        foreach (var dev in _loops)
        {
            try { Run("umount", dev); } catch (InvalidOperationException) { }
            try { Run("losetup", "-d", dev); } catch (InvalidOperationException) { }
        }
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
