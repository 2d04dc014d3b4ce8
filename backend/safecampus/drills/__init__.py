"""Emergency drills (应急演练, 第八条(六)): recorded by the unit, offline like inspections."""
