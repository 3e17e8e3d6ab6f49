using Rotator.Testbed;

[assembly: AssemblyFixture(typeof(TestbedFixture))]
