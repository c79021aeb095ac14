using Tandem.Resources.Processes;

namespace Tandem.Resources.Agents.IpAddress;

/// <summary>Gratuitous ARP after a start, so switches and neighbours learn the new MAC of the address at once.</summary>
public sealed partial class IpAddressAgent
{
    readonly Lock _arpLock = new();
    CancellationTokenSource? _arpStop;
    Task _arp = Task.CompletedTask;

    /// <summary>The ARP announcements still being sent (tests wait for them).</summary>
    public Task Announcements
    {
        get { lock (_arpLock) return _arp; }
    }

    void StartArp(string nic)
    {
        if (arpCount <= 0)
            return;
        lock (_arpLock)
        {
            if (!_arp.IsCompleted)
                return;
            _arpStop?.Dispose();
            _arpStop = new CancellationTokenSource();
            var token = _arpStop.Token;
            _arp = Task.Run(() => SendArpAsync(nic, token), CancellationToken.None);
        }
    }

    async Task SendArpAsync(string nic, CancellationToken ct)
    {
        try
        {
            var r = await context.RunAsync("arping", ["-q", "-U", "-c", arpCount.ToString(System.Globalization.CultureInfo.InvariantCulture), "-I", nic, Ip], ct);
            if (r.ExitCode == ProcessResult.CannotRun)
                context.Log.ArpFailed(spec.Id, nic, "arping is not installed (Debian package iputils-arping); neighbours learn the move only when their ARP entries expire");
            else if (r.ExitCode != 0)
                context.Log.ArpFailed(spec.Id, nic, r.Describe());
        }
        catch (OperationCanceledException)
        {
        }
    }

    async Task StopArpAsync()
    {
        Task arp;
        lock (_arpLock)
        {
            _arpStop?.Cancel();
            arp = _arp;
        }
        await arp;
    }
}
