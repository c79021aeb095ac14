using Tandem.Config;
using Tandem.Replication.Core;
using Tandem.Volume;

namespace Tandem.Tests.Simulation.Sim;

/// <summary>Two simulated nodes of one volume, the link between them and an application on the Primary.</summary>
public sealed class SimCluster
{
    public const int Blocks = 256;

    public SimCluster(int seed, ReplicationProtocol protocol = ReplicationProtocol.C, bool checksum = false, long? rate = null,
        AfterSb0Pri sb0 = AfterSb0Pri.Disconnect, FencingPolicy fencing = FencingPolicy.ResourceOnly)
    {
        S = new SimScheduler(seed);
        var settings = new ReplicaSettings
        {
            Volume = "r0",
            SizeBytes = (long)Blocks * SimDisk.Block,
            Protocol = protocol,
            ChecksumResync = checksum,
            ResyncRate = rate,
            ResyncChunk = 64 * 1024,
            ResyncInFlight = 4,
            AfterSb0Pri = sb0,
            FlushBarrierInterval = TimeSpan.FromMilliseconds(50),
            TransferLogLimit = 64,
            Fencing = fencing,
            OutdateRetryInterval = TimeSpan.FromMilliseconds(100),
        };
        A = new SimNode("a", S, settings);
        B = new SimNode("b", S, settings);
        Net = new SimNetwork(S, A, B);
        Heartbeat = new SimHeartbeat(S, A, B);
        Fencing = fencing;
        Workload = new SimWorkload(S, Blocks, writers: 4);
        Protocol = protocol;
        foreach (var n in new[] { A, B })
            Tick(n);
    }

    public SimScheduler S { get; }
    public SimNode A { get; }
    public SimNode B { get; }
    public SimNetwork Net { get; }
    public SimHeartbeat Heartbeat { get; }
    public FencingPolicy Fencing { get; }
    public SimWorkload Workload { get; }
    public ReplicationProtocol Protocol { get; }

    /// <summary>Set when a scenario made the two copies diverge (a failover from a Primary that was writing alone).</summary>
    public bool DivergenceExpected { get; set; }

    void Tick(SimNode n)
    {
        S.After(TimeSpan.FromMilliseconds(10), () =>
        {
            n.Handle(new Replication.Core.ReplicaInput.Tick());
            Tick(n);
        });
    }

    public SimNode Other(SimNode n) => ReferenceEquals(n, A) ? B : A;

    /// <summary>Both nodes up, A forced Primary, the initial full sync done, the application writing on A.</summary>
    public void Bootstrap()
    {
        A.Start();
        B.Start();
        Expect(S.RunUntil(() => Net.Connected && A.State.Connection == ConnectionState.Connected, TimeSpan.FromSeconds(5)), "first connection");
        Expect(A.Command((c, t) => c.Promote(force: true, t)).Ok, "forced promotion");
        Expect(WaitInSync(TimeSpan.FromSeconds(30)), "initial sync");
        Workload.Target = A;
        Workload.Running = true;
        Workload.Start();
    }

    public bool InSync =>
        Net.Connected && A.Up && B.Up && A.State.Connection == ConnectionState.Connected && B.State.Connection == ConnectionState.Connected
        && A.State.Disk == DiskState.UpToDate && B.State.Disk == DiskState.UpToDate;

    public bool WaitInSync(TimeSpan limit) => S.RunUntil(() => InSync, limit);

    public string Traces() => string.Join("\n", A.Trace.Concat(B.Trace).OrderBy(l => l, StringComparer.Ordinal).TakeLast(int.TryParse(Environment.GetEnvironmentVariable("TANDEM_SIM_TRACE"), out int t) ? t : 200));

    public void Expect(bool condition, string what)
    {
        if (!condition)
            throw new SimulationFailure($"seed {S.Seed}: {what} failed at {S.Now.TotalMilliseconds:0.0} ms; a={A.State} b={B.State}\n{Traces()}");
    }
}

public sealed class SimulationFailure(string message) : Exception(message);
