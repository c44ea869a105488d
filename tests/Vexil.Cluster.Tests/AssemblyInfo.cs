// Each test class here starts whole clusters or thousands of sockets on two cores: one at a time, so the fault
// rounds' convergence bounds measure Vexil, not the other classes' clusters.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
