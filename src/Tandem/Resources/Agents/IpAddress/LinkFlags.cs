namespace Tandem.Resources.Agents.IpAddress;

/// <summary>Reads the flags of <c>ip -o link show dev NIC</c>: <c>3: eth1: &lt;BROADCAST,MULTICAST,UP,LOWER_UP&gt; mtu ...</c>.</summary>
public static class LinkFlags
{
    /// <summary>Null when the link is up (administratively and with carrier), else why it is not.</summary>
    public static string? Problem(string output)
    {
        var open = output.IndexOf('<');
        var close = open < 0 ? -1 : output.IndexOf('>', open);
        if (close < 0)
            return "cannot read the link flags";
        var flags = output[(open + 1)..close].Split(',');
        if (!flags.Contains("UP"))
            return "link is administratively down";
        if (!flags.Contains("LOWER_UP"))
            return "link has no carrier (LOWER_UP missing)";
        return null;
    }
}
