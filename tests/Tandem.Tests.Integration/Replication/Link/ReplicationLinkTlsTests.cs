using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tandem.Replication.Link;
using Tandem.Replication.Protocol;
using static Tandem.Tests.Integration.Replication.Link.LinkTestKit;

namespace Tandem.Tests.Integration.Replication.Link;

/// <summary>The link inside TLS with pinned self-signed certificates.</summary>
public sealed class ReplicationLinkTlsTests
{
    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    [Fact]
    public async Task Pinned_certificates_connect_and_carry_data()
    {
        using X509Certificate2 alphaCert = SelfSigned("alpha"), bravoCert = SelfSigned("bravo");
        int portA = FreePort(), portB = FreePort();
        var logsA = new CapturingLogs();
        var logsB = new CapturingLogs();
        await using var a = NewLink(Settings("alpha", portA, "bravo", portB) with { Tls = new LinkTlsOptions(alphaCert, [bravoCert]) }, logsA);
        await using var b = NewLink(Settings("bravo", portB, "alpha", portA) with { Tls = new LinkTlsOptions(bravoCert, [alphaCert]) }, logsB);
        a.Start();
        b.Start();
        await a.NextAsync<LinkEvent.Established>(logsA);
        await b.NextAsync<LinkEvent.Established>(logsB);

        byte[] data = new byte[ReplicationLimits.MaxDataLength];
        new Random(5).NextBytes(data);
        for (ulong id = 0; id < 50; id++)
        {
            Assert.True(a.TrySend(new ResyncData(id, (long)id << 20, data)));
        }

        for (ulong id = 0; id < 50; id++)
        {
            var packet = Assert.IsType<ResyncData>((await b.NextAsync<LinkEvent.Received>(logsB)).Packet);
            Assert.Equal(id, packet.Id);
            Assert.True(packet.Data.Span.SequenceEqual(data));
        }
    }

    [Fact]
    public async Task A_certificate_that_is_not_pinned_is_refused()
    {
        using X509Certificate2 alphaCert = SelfSigned("alpha"), bravoCert = SelfSigned("bravo"), stranger = SelfSigned("bravo");
        int portA = FreePort(), portB = FreePort();
        var logsA = new CapturingLogs();
        var logsB = new CapturingLogs();
        await using var a = NewLink(Settings("alpha", portA, "bravo", portB) with { Tls = new LinkTlsOptions(alphaCert, [stranger]) }, logsA);
        await using var b = NewLink(Settings("bravo", portB, "alpha", portA) with { Tls = new LinkTlsOptions(bravoCert, [alphaCert]) }, logsB);
        a.Start();
        b.Start();
        await EventuallyAsync(() => logsA.WithId(1821).Count() >= 2, "TLS refusals logged in both directions", logsA);
        Assert.False(a.Events.TryRead(out _));
        Assert.False(b.Events.TryRead(out _));
    }
}
