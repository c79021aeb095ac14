using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Tandem.Config;

namespace Tandem.Heartbeat;

/// <summary>Turns the config's "host:port" heartbeat endpoints into socket addresses.</summary>
static class HeartbeatEndpoint
{
    public static IPEndPoint Resolve(string text)
    {
        if (!HostPort.TryParse(text, out var host, out var port, out var error, examplePort: 694))
            throw new InvalidOperationException($"heartbeat endpoint {error}");
        if (IPAddress.TryParse(host, out var ip))
            return new IPEndPoint(ip, port);
        IPAddress[] found;
        try { found = Dns.GetHostAddresses(host); }
        catch (SocketException e) { throw new InvalidOperationException($"heartbeat endpoint \"{text}\": cannot resolve {host} ({e.Message}); write its IP address in the config"); }
        var first = found.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? found.FirstOrDefault()
            ?? throw new InvalidOperationException($"heartbeat endpoint \"{text}\": {host} has no address; write its IP address in the config");
        return new IPEndPoint(first, port);
    }

    /// <summary>The directed broadcast address of the local interface that holds <paramref name="local"/>.</summary>
    public static IPAddress BroadcastOf(IPAddress local)
    {
        if (local.AddressFamily != AddressFamily.InterNetwork)
            throw new InvalidOperationException($"heartbeat_mode = \"broadcast\" needs IPv4 heartbeat endpoints, {local} is not; use \"unicast\" or \"multicast\"");
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            foreach (var a in nic.GetIPProperties().UnicastAddresses)
                if (a.Address.Equals(local) && a.IPv4Mask is { } mask)
                    return Directed(local, mask);
        if (IPAddress.IsLoopback(local))
            return Directed(local, IPAddress.Parse("255.0.0.0"));
        throw new InvalidOperationException($"heartbeat endpoint {local} is not an address of this machine, so it has no broadcast address; list this node's own addresses in its heartbeat = [...]");
    }

    static IPAddress Directed(IPAddress local, IPAddress mask)
    {
        var a = local.GetAddressBytes();
        var m = mask.GetAddressBytes();
        for (var i = 0; i < 4; i++)
            a[i] = (byte)(a[i] | ~m[i]);
        return new IPAddress(a);
    }
}
