using System.Globalization;

namespace Tandem.Bench;

/// <summary>
/// Where one side's MariaDB keeps its data: a fresh, empty directory per round, given back
/// (unmounted, removed) after the round.
/// </summary>
abstract class SysbenchSide(string name)
{
    public string Name { get; } = name;

    /// <summary>One line for the report: what is under the datadir.</summary>
    public abstract string Describe();

    /// <summary>A fresh empty directory for this round's datadir.</summary>
    public abstract string Open(int round);

    /// <summary>Gives back what <see cref="Open"/> made (after mariadbd has stopped).</summary>
    public abstract void Close();

    /// <summary>The volume's state as the Primary reports it, or null for the host filesystem.</summary>
    public virtual string? State() => null;

    public override string ToString() => Name;
}

/// <summary>
/// ext4 made afresh each round on <c>/dev/tandem/NAME</c> of a volume that stays up for the whole run:
/// a replicated pair (protocol C, peer connected) or the same volume on one node. The volume is
/// tracked by <see cref="Cleanup"/> from its creation, and each round's mount after it.
/// </summary>
sealed class VolumeSide(string name, BenchVolume volume, string mountDir) : SysbenchSide(name)
{
    public const string MkfsOptions = "-E nodiscard,lazy_itable_init=0,lazy_journal_init=0";
    Mounted? _mount;

    public BenchVolume Volume => volume;

    public override string Describe() =>
        $"ext4 (`mkfs.ext4 -q -F {MkfsOptions}`, mounted with defaults) on /dev/tandem/NAME of a {volume.Size >> 20} MiB volume, " +
        (volume.Nodes.Length > 1 ? $"protocol {volume.Protocol}, alpha Primary, beta Secondary connected over loopback" : "alpha alone, no peer configured");

    public void Start()
    {
        Console.Error.WriteLine($"sysbench: setting up {Name}: {volume}");
        volume.StartPrimary(TimeSpan.FromMinutes(10));
        // Every block written once through the device, so every round on every volume overwrites allocated
        // blocks of the backing files instead of filling holes (a sparse file gets faster round by round).
        ReplicationFio.Fill(volume.Device, 0, volume.Size);
    }

    public override string Open(int round)
    {
        Proc.Ok("mkfs.ext4", ["-q", "-F", .. MkfsOptions.Split(' '), volume.Device], null);
        Directory.CreateDirectory(mountDir);
        _mount = Cleanup.Track(new Mounted(volume.Device, mountDir));
        return Path.Combine(mountDir, "mysql");
    }

    public override void Close()
    {
        Cleanup.Dispose(_mount);
        _mount = null;
    }

    public override string? State()
    {
        var s = volume.Status("alpha");
        return $"{BenchVolume.Describe(s)} protocol={s.Protocol}";
    }
}

/// <summary>The host's own filesystem: a directory next to the backing files.</summary>
sealed class HostSide(string dir) : SysbenchSide("host")
{
    string? _current;

    public override string Describe() => $"a directory on the host's filesystem ({Machine.FileSystemOf(Path.GetDirectoryName(dir)!)}), no Tandem in the path";

    public override string Open(int round)
    {
        _current = Path.Combine(dir, "round-" + round.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(_current);
        return Path.Combine(_current, "mysql");
    }

    public override void Close()
    {
        if (_current is not null && Directory.Exists(_current))
            Directory.Delete(_current, recursive: true);
        _current = null;
    }
}

/// <summary>A mount made by the benchmark, unmounted on dispose (lazily if something still holds it).</summary>
sealed class Mounted : IDisposable
{
    readonly string _dir;
    bool _mounted;

    public Mounted(string device, string dir)
    {
        _dir = dir;
        Proc.Ok("mount", device, dir);
        _mounted = true;
    }

    public void Dispose()
    {
        if (!_mounted)
            return;
        _mounted = false;
        var r = Proc.Run("umount", [_dir]);
        if (r.Exit != 0)
        {
            Console.Error.WriteLine($"umount {_dir}: {r.Err.Trim()}; lazy unmount");
            Proc.Run("umount", ["-l", _dir]);
        }
    }

    public override string ToString() => $"mount on {_dir}";
}
