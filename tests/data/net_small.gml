Creator "cascade tests: the net_small graph with a duplicate and a loop"
graph [
  directed 0
  node [ id 10 ]
  node [ id 11 ]
  node [ id 12 ]
  node [ id 13 ]
  node [ id 14 ]
  edge [ source 10 target 11 ]
  edge [ source 11 target 12 ]
  edge [ source 12 target 10 ]
  edge [ source 12 target 11 ]
  edge [ source 13 target 13 ]
  edge [ source 12 target 14 ]
  edge [ source 14 target 13 ]
]
