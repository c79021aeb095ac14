using Tandem.Config;

namespace Tandem.Tests.Unit.Config;

public class HostPortTests
{
    [Theory]
    [InlineData("192.168.0.10:7788", "192.168.0.10", 7788)]
    [InlineData("db-server-01:694", "db-server-01", 694)]
    [InlineData("[fe80::1]:7788", "fe80::1", 7788)]
    [InlineData("127.0.0.1:65535", "127.0.0.1", 65535)]
    public void Parses(string text, string host, int port)
    {
        Assert.True(HostPort.TryParse(text, out var h, out var p, out _));
        Assert.Equal((host, port), (h, p));
    }

    [Theory]
    [InlineData("192.168.0.10", "has no port")]
    [InlineData("fe80::1:7788", "in brackets")]
    [InlineData("[fe80::1]7788", "IPv6")]
    [InlineData(":7788", "does not name a host")]
    [InlineData("a b:1", "does not name a host")]
    [InlineData("host:0", "from 1 to 65535")]
    [InlineData("host:65536", "from 1 to 65535")]
    [InlineData("host:http", "from 1 to 65535")]
    [InlineData("host:", "from 1 to 65535")]
    [InlineData("host:+80", "from 1 to 65535")]
    public void Refuses(string text, string message)
    {
        Assert.False(HostPort.TryParse(text, out _, out _, out var error));
        Assert.Contains(message, error);
    }
}
