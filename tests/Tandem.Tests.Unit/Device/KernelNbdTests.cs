using Tandem.Device;

namespace Tandem.Tests.Unit.Device;

/// <summary>Choosing the kernel's nbd driver and a free /dev/nbdN, against a sysfs tree built in a temp directory.</summary>
public sealed class KernelNbdTests : IDisposable
{
    readonly string _sys = Directory.CreateTempSubdirectory("tandem-sys.").FullName;
    readonly string _bin = Directory.CreateTempSubdirectory("tandem-bin.").FullName;

    public void Dispose()
    {
        Directory.Delete(_sys, recursive: true);
        Directory.Delete(_bin, recursive: true);
    }

    void Device(string name, string size, bool connected = false)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_sys, "block", name)).FullName;
        File.WriteAllText(Path.Combine(dir, "size"), size + "\n");
        if (connected)
            File.WriteAllText(Path.Combine(dir, "pid"), "4242\n");
    }

    void Module() => Directory.CreateDirectory(Path.Combine(_sys, "module", "nbd"));

    void Tool() => File.WriteAllText(Path.Combine(_bin, KernelNbd.Tool), "");

    [Fact]
    public void WithoutTheModuleTheReasonSaysHowToLoadIt()
    {
        Directory.CreateDirectory(Path.Combine(_sys, "block"));
        Tool();
        var why = KernelNbd.Unavailable(_sys, _bin);
        Assert.NotNull(why);
        Assert.Contains("modprobe nbd", why);
    }

    [Fact]
    public void WithoutNbdClientTheReasonSaysWhatToInstall()
    {
        Module();
        Device("nbd0", "0");
        var why = KernelNbd.Unavailable(_sys, _bin);
        Assert.NotNull(why);
        Assert.Contains("apt-get install nbd-client", why);
    }

    [Fact]
    public void ModuleWithoutDevicesIsUnavailable()
    {
        Module();
        Directory.CreateDirectory(Path.Combine(_sys, "block", "vda"));
        Tool();
        Assert.Contains("no devices", KernelNbd.Unavailable(_sys, _bin));
    }

    [Fact]
    public void ModuleDevicesAndToolMakeItAvailable()
    {
        Module();
        Device("nbd0", "0");
        Tool();
        Assert.Null(KernelNbd.Unavailable(_sys, "/nonexistent:" + _bin));
    }

    [Fact]
    public void FreeDeviceSkipsConnectedAndSizedOnesInNumericOrder()
    {
        Device("nbd0", "0", connected: true);
        Device("nbd1", "2097152");
        Device("nbd10", "0");
        Device("nbd2", "0");
        Directory.CreateDirectory(Path.Combine(_sys, "block", "nbdx"));
        Assert.Equal("/dev/nbd2", KernelNbd.FreeDevice(_sys));
    }

    [Fact]
    public void NoFreeDeviceIsNull()
    {
        Device("nbd0", "0", connected: true);
        Device("nbd1", "8");
        Assert.Null(KernelNbd.FreeDevice(_sys));
        Assert.Null(KernelNbd.FreeDevice(Path.Combine(_sys, "missing")));
    }

    [Fact]
    public void ConnectArgumentsNameTheSocketDeviceBlockSizeAndExport()
    {
        Assert.Equal(["-unix", "/run/tandem/r0.nbd", "/dev/nbd3", "-block-size", "4096", "-name", "r0"],
            KernelNbd.ConnectArgs("/run/tandem/r0.nbd", "/dev/nbd3", "r0"));
    }
}
