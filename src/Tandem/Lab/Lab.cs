using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tandem.Lab;

/// <summary>
/// One lab: its directory (held by a lock while it lives), its namespaces and bridges, its files, the two nodes and
/// the client. <see cref="Create"/> removes stale labs first, and removes its own partial lab if any step fails;
/// <see cref="Dispose"/> removes everything (processes, loop devices, mounts, namespaces, directory).
/// </summary>
public sealed class Lab : IDisposable
{
    readonly ILogger _log;
    readonly LabLock _lock;
    bool _disposed;

    Lab(LabNames names, string tandem, LabLock @lock, ILogger log, LabProgress progress)
    {
        Names = names;
        Layout = new LabLayout(names);
        Tandem = tandem;
        _lock = @lock;
        _log = log;
        Progress = progress;
        Topology = new LabTopology(names);
        Nodes = LabNodeId.Both.ToDictionary(n => n, n => new LabNode(Layout, n, tandem));
        MariaDb = LabNodeId.Both.ToDictionary(n => n, n => new LabMariaDb(Layout, Nodes[n]));
        Client = new LabClientProcess(Layout, tandem);
    }

    public LabNames Names { get; }
    public LabLayout Layout { get; }
    public string Tandem { get; }
    public LabProgress Progress { get; }
    public LabTopology Topology { get; }
    public IReadOnlyDictionary<LabNodeId, LabNode> Nodes { get; }
    public IReadOnlyDictionary<LabNodeId, LabMariaDb> MariaDb { get; }
    public LabClientProcess Client { get; }
    public LabClusterSettings Settings { get; private set; } = new();

    public LabNode this[LabNodeId id] => Nodes[id];

    /// <summary>The tandem executable: this program when it is tandem, else the one beside this assembly.</summary>
    public static string DefaultTandem =>
        Path.GetFileName(Environment.ProcessPath) == "tandem" ? Environment.ProcessPath! : Path.Combine(AppContext.BaseDirectory, "tandem");

    /// <summary>
    /// Builds a fresh lab: namespaces, bridges, addresses, files. <paramref name="step"/> is called before each step
    /// (its name); tests throw from it to fail the setup half way.
    /// </summary>
    public static Lab Create(LabClusterSettings? settings = null, string? root = null, string? tandem = null,
        LabProgress? progress = null, ILogger? log = null, Action<string>? step = null)
    {
        log ??= NullLogger.Instance;
        progress ??= LabProgress.Silent;
        root ??= LabNames.DefaultRoot;
        foreach (var line in StaleLabs.RemoveAll(root))
        {
            log.StaleLab(line);
            progress.Say(line);
        }
        var names = LabNames.New(root);
        var @lock = LabLock.Take(names);
        var lab = new Lab(names, tandem ?? DefaultTandem, @lock, log, progress);
        var current = "directory";
        try
        {
            progress.Say($"creating lab {names.Tag}: namespaces, bridges, addresses");
            lab.Topology.Create(s => { current = s; step?.Invoke(s); });
            current = "files";
            step?.Invoke(current);
            lab.Settings = settings ?? new LabClusterSettings();
            LabFiles.Write(lab.Layout, lab.Settings);
            log.Created(names.Tag, names.Dir);
            return lab;
        }
        catch (Exception e)
        {
            log.SetupFailed(names.Tag, current, e.Message);
            lab.Dispose();
            throw;
        }
    }

    /// <summary>Changes the cluster settings (e.g. auto_failback); the daemons read them at their next start.</summary>
    public void Configure(LabClusterSettings settings)
    {
        Settings = settings;
        LabFiles.WriteConfigs(Layout, settings);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        Client.Stop();
        foreach (var n in Nodes.Values)
            n.StopDaemon(TimeSpan.FromSeconds(20));
        var problems = LabCleanup.Remove(Names);
        foreach (var p in problems)
        {
            _log.RemoveProblem(Names.Tag, p);
            Progress.Say($"cleanup: {p}");
        }
        _lock.Dispose();
        if (problems.Count == 0)
            _log.Removed(Names.Tag);
    }
}
