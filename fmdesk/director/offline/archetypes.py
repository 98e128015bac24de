# SPDX-License-Identifier: GPL-3.0-or-later
"""The offline director's repertoire: a handful of radio dramas with beats.

Each beat sets up a decision, asks the player a concrete question (yes/no,
one of two ways, a number heard earlier on air, or a free call), and has a
reaction for a right, wrong, unclear or missing answer.
"""

from __future__ import annotations

from fmdesk.director.offline.script import Archetype, Beat, Role, say
from fmdesk.director.offline.understand import Expect

RESCUE = Archetype(
    key="rescue",
    titles=("Whiteout on {peak}", "The {peak} Search", "Last Light on {peak}"),
    brief=(
        "A climber is missing on {peak} and a storm is closing in. You are base "
        "radio for the mountain rescue team: they have the rope, you have the "
        "big picture. Tune in, listen hard, and answer when they call for you."
    ),
    story=(
        "Night is falling on {peak}. A solo climber's avalanche beacon last pinged "
        "from the north couloir. {lead} leads the hasty team, {medic} carries the "
        "medical kit, and {pilot} waits at the helipad for a landing zone. The "
        "wind is rising and every decision costs minutes."
    ),
    task="Guide the team to the climber and get everyone off the mountain before the storm.",
    roles=(
        Role("lead", "rescue team leader", "steady, dry humour, trusts the radio", "female"),
        Role("medic", "mountain medic", "fast-talking, worried about the cold", "male"),
        Role("pilot", "helicopter pilot", "laconic, by-the-book", "any"),
    ),
    variables={"peak": ("Kestrel Ridge", "Mount Arden", "Haldor Peak", "the Grey Tooth")},
    opening=(
        say("lead", "Base, this is {lead}. Team of three at the trailhead, radios checked. {callsign}, do you copy?"),
        say("pilot", "Base, {pilot} at the helipad. Rotor's warm. Landing grid for the upper snowfield is {code_spoken}. Hold on to that number."),
    ),
    beats=(
        Beat(
            lines=(
                say("lead", "We're at the fork. The beacon pinged from the north couloir an hour ago, but the east ridge is the easier walk."),
                say("medic", "Easy walk or not, the couloir is where the signal was. Every minute counts in this cold."),
                say("lead", "{callsign}, your call. North couloir or east ridge?"),
            ),
            asker="lead",
            hint="North couloir or east ridge?",
            expect=Expect("choice", right="north", options={
                "north": ("north", "couloir"), "east": ("east", "ridge", "easier", "easy")}),
            right=(say("lead", "North couloir. Copy, base, moving now."),
                   say("medic", "Tracks! Fresh boot tracks in the couloir. Good call, {callsign}.")),
            wrong=(say("lead", "East ridge, copy. Moving."),
                   say("medic", "Nothing up here but wind. We've lost twenty minutes. Cutting across to the couloir.")),
            unclear=(say("lead", "Say again, base? You're breaking up. ... We'll take the couloir, it's where the beacon was."),),
            silent=(say("lead", "Base? {callsign}, do you read? ... Nothing. We go north, it's where the beacon was."),),
            went_right="You sent the team up the north couloir, straight to the climber's tracks.",
            went_wrong="The team lost precious time on the east ridge.",
        ),
        Beat(
            lines=(
                say("medic", "Found him! Conscious, but he's shaking hard. Hypothermic, maybe a broken ankle."),
                say("lead", "Storm front is twenty minutes out. We could wait here for the helicopter, or carry him down to the snowfield now."),
                say("medic", "If we wait, the storm may ground the helicopter. {callsign}, do we move him now?"),
            ),
            asker="medic",
            hint="Move the climber now?",
            expect=Expect("yesno", right="yes"),
            right=(say("medic", "Moving him. Splint's on, he's wrapped. Let's go."),),
            wrong=(say("medic", "Waiting, copy. ..."),
                   say("lead", "The cloud is on us. No helicopter in this. We're carrying him down after all, slower now.")),
            unclear=(say("medic", "Didn't catch that, base. I'm not waiting for a storm. We move."),),
            silent=(say("medic", "Base? Come on, {callsign}, talk to me. ... Right, we're moving him."),),
            went_right="You had the team move the climber before the storm closed in.",
            went_wrong="Waiting for the helicopter cost the team the weather window.",
        ),
        Beat(
            lines=(
                say("pilot", "{pilot} airborne. Visibility is going. I need the landing grid for the snowfield and I've lost my notes."),
                say("lead", "{callsign}, you've got it. Read the landing grid to {pilot}."),
            ),
            asker="pilot",
            hint="Read back the landing grid.",
            expect=Expect("number", right="{code}"),
            right=(say("pilot", "Grid {code_spoken}, copy. I see the flares. Setting down."),),
            wrong=(say("pilot", "That grid puts me over the cliffs. Negative. Circling until I find the flares."),),
            unclear=(say("pilot", "Say again the grid? ... Never mind, I'll look for the flares."),),
            silent=(say("pilot", "Base, I need that grid. ... Base? Circling blind, looking for flares."),),
            went_right="You read the landing grid back perfectly and the helicopter set down first time.",
            went_wrong="The helicopter circled blind without the right landing grid.",
        ),
        Beat(
            lines=(
                say("lead", "Last pitch to the snowfield. The rope on the short-rope is fraying; there's an old fixed line bolted in the rock."),
                say("medic", "The fixed line held a team last winter. The frayed rope won't hold two."),
                say("lead", "{callsign}: fixed line or short rope?"),
            ),
            asker="lead",
            hint="Fixed line or short rope?",
            expect=Expect("choice", right="fixed", options={
                "fixed": ("fixed", "line", "bolted", "bolt"), "short": ("short", "frayed", "fraying")}),
            right=(say("lead", "Clipping into the fixed line. Solid. He's down, we're down!"),),
            wrong=(say("lead", "Short rope... it's slipping! Hold! ... OK. We're down, but that was far too close."),),
            unclear=(say("lead", "Didn't copy. Fixed line, it's the safe one."),),
            silent=(say("lead", "Nothing from base. Fixed line. I'm not trusting that rope."),),
            went_right="You chose the fixed line for the last pitch and everyone came down safely.",
            went_wrong="The frayed rope nearly failed on the last pitch.",
        ),
    ),
    chatter=(
        say("pilot", "Base, {pilot}. Wind at forty knots and rising. Still flyable. For now."),
        say("medic", "Hands are numb. Talking to keep warm. Anyone else hear that wind howl?"),
        say("lead", "Checking in, base. Slow going, snow to the knees."),
        say("pilot", "Fuel's fine. Nerves are fine. Weather's not."),
        say("medic", "Spare gloves, spare batteries, spare nerves. All packed."),
    ),
    success=(
        say("pilot", "Everyone aboard. Climber's warm and swearing at us, which is a good sign."),
        say("lead", "{callsign}, that was textbook. Thanks for keeping us on the right line."),
    ),
    failure=(
        say("lead", "We're off the mountain, but it was closer than it should have been."),
        say("medic", "He'll live. We need to talk about tonight's calls, base."),
    ),
    sign_off=say("lead", "{lead} signing off. Base, you can stand down."),
    worried=(say("medic", "Is base even there? Someone check the repeater."),
             say("pilot", "Base has gone quiet. I don't like it.")),
)

HEIST = Archetype(
    key="heist",
    titles=("The {gallery} Job", "Night at the {gallery}", "Frames and Fences"),
    brief=(
        "A crooked collector is hiding a stolen painting in the {gallery}. Your "
        "crew is taking it back tonight. You are the voice in the van: you "
        "hear everything, remember everything, and make the calls."
    ),
    story=(
        "The painting was stolen from a small museum years ago and turned up in "
        "the collector's private vault at the {gallery}. {lead} runs the crew, "
        "{cracker} opens what's locked, and {driver} keeps the van and the street "
        "in view. The inside man has passed on the vault code."
    ),
    task="Get the crew in, get the painting out, and nobody gets caught.",
    roles=(
        Role("lead", "crew leader", "cool, precise, hates improvising", "male"),
        Role("cracker", "safecracker", "nervous chatter, brilliant hands", "female"),
        Role("driver", "getaway driver", "bored until suddenly not", "any"),
    ),
    variables={"gallery": ("Varga Gallery", "Hollis House", "Marrow Collection", "Ostrava Rooms")},
    opening=(
        say("lead", "Van, this is {lead}. Radio check. {callsign}, you hearing me clean?"),
        say("lead", "Inside man came through. Vault code is {code_spoken}. Remember it, {callsign}, because I'm not writing it down."),
        say("driver", "{driver} here. Street's quiet. Whatever happens, the van doesn't move until the crew says so."),
    ),
    beats=(
        Beat(
            lines=(
                say("driver", "Heads up: there's a new camera over the loading dock. Wasn't there last week."),
                say("cracker", "The roof hatch is an old model. Two minutes, maybe three."),
                say("lead", "{callsign}, how do we go in? Roof or loading dock?"),
            ),
            asker="lead",
            hint="Roof or loading dock?",
            expect=Expect("choice", right="roof", options={
                "roof": ("roof", "hatch", "up", "top"), "dock": ("dock", "loading", "door", "back")}),
            right=(say("cracker", "Roof it is. Hatch is open. We're in the attic."),),
            wrong=(say("lead", "Dock, copy."),
                   say("driver", "The camera just turned to follow them. Somebody might be watching that feed.")),
            unclear=(say("lead", "Van, you're garbled. We take the roof. Out."),),
            silent=(say("lead", "Van? {callsign}? ... Dead air. Roof, then."),),
            went_right="You sent the crew in over the roof, clear of the new camera.",
            went_wrong="The crew walked in under the new camera at the loading dock.",
        ),
        Beat(
            lines=(
                say("cracker", "At the vault. Keypad, six-inch steel, very pretty."),
                say("cracker", "Three wrong codes and it locks for an hour. {callsign}, what's the code?"),
            ),
            asker="cracker",
            hint="The vault code?",
            expect=Expect("number", right="{code}"),
            right=(say("cracker", "{code_spoken}. ... Green light! Oh, I love you, van."),),
            wrong=(say("cracker", "Red light. That's one strike. I'm trying the spare code the inside man used last time... green. Barely."),),
            unclear=(say("cracker", "Numbers, van, I need numbers! ... Fine, I'm listening to the tumblers. Slowly."),),
            silent=(say("cracker", "Van? The code? ... Nothing. I'm doing this by ear, then. Slowly."),),
            went_right="You remembered the vault code and the door opened first try.",
            went_wrong="The vault code didn't come from the van, and the crew lost time at the door.",
        ),
        Beat(
            lines=(
                say("driver", "Police car just rolled onto the street. Idling half a block behind me."),
                say("driver", "I could move the van around the corner, or stay put and look bored. {callsign}, do I move the van?"),
            ),
            asker="driver",
            hint="Move the van?",
            expect=Expect("yesno", right="no"),
            right=(say("driver", "Staying put. Reading a newspaper. ... They're driving off."),),
            wrong=(say("driver", "Moving. ... Oh, they're following me round the block. Great."),),
            unclear=(say("driver", "Was that a yes? I'm staying. Looking very bored."),),
            silent=(say("driver", "Van to van, talk to me. ... OK, I'm staying put."),),
            went_right="You kept the van still, and the police car moved on.",
            went_wrong="Moving the van drew the police car after it.",
        ),
        Beat(
            lines=(
                say("cracker", "Got the painting. But there's a second alarm wire on the frame. If I cut the painting out, it's quiet. If I lift the frame, that alarm goes."),
                say("lead", "Cutting damages the canvas edge. Restorers can fix an edge. {callsign}, do we cut it out of the frame?"),
            ),
            asker="lead",
            hint="Cut the painting out of the frame?",
            expect=Expect("yesno", right="yes"),
            right=(say("cracker", "Cutting. Clean. It's rolled, it's in the tube. We're on the roof."),),
            wrong=(say("cracker", "Lifting the frame... there's the bell. Running! Run!"),),
            unclear=(say("lead", "No time to debate. Cut it."),),
            silent=(say("lead", "Silence from the van. We cut it. Move."),),
            went_right="You had them cut the canvas free without waking the second alarm.",
            went_wrong="Lifting the frame set off the second alarm.",
        ),
    ),
    chatter=(
        say("driver", "Street report: one cat, one drunk, zero cops."),
        say("cracker", "Does anyone else hear their own heartbeat in these earpieces?"),
        say("lead", "Radio discipline, people."),
        say("driver", "Engine's warm. Snacks are not."),
        say("cracker", "Guard just walked by below us. Holding still."),
    ),
    success=(
        say("driver", "Everyone's in. Pulling away nice and slow."),
        say("lead", "Painting's going home, {callsign}. Clean job. Drinks are on me."),
    ),
    failure=(
        say("driver", "We're out, but there are sirens two streets over."),
        say("lead", "Not our cleanest night, {callsign}. We scatter and lie low."),
    ),
    sign_off=say("lead", "{lead} off the air. Radios off, everybody."),
    worried=(say("cracker", "Is the van asleep? Tell me the van isn't asleep."),
             say("driver", "Van's quiet. Too quiet. Someone knock on the window.")),
)

STORM = Archetype(
    key="storm",
    titles=("Gale over {coast}", "The {boat} in the Storm", "Mayday off {coast}"),
    brief=(
        "The fishing boat {boat} is taking on water in a gale off {coast}. You "
        "run the coastguard radio tonight: the skipper, the lifeboat and the "
        "harbour are all on your channel. Keep them alive."
    ),
    story=(
        "A winter gale has caught the {boat} with four crew aboard. Her pumps are "
        "failing. {skipper} is at the wheel, {cox} commands the lifeboat at the "
        "station, and {harbour} watches the harbour mouth and the weather."
    ),
    task="Get the crew of the {boat} to safety before the sea takes her.",
    roles=(
        Role("skipper", "skipper of the fishing boat", "gruff, proud, scared underneath", "male"),
        Role("cox", "lifeboat coxswain", "calm, dry, decisive", "female"),
        Role("harbour", "harbour master", "old hand, knows every rock", "any"),
    ),
    variables={"coast": ("Skerry Head", "Blackwater Point", "Cape Morrow"),
               "boat": ("Marigold", "Sea Lark", "Brave Annie", "Northern Star")},
    opening=(
        say("skipper", "Mayday, mayday, this is the {boat}. We're taking water. Coastguard, {callsign}, do you hear me?"),
        say("skipper", "Position is grid {code_spoken}. Say it back to whoever comes for us."),
        say("harbour", "Coastguard, {harbour} here. Harbour mouth is breaking white. Nothing gets through it tonight."),
    ),
    beats=(
        Beat(
            lines=(
                say("skipper", "I can run for the harbour, or tuck in behind Gull Island out of the wind."),
                say("harbour", "The lee of Gull Island is calm water. I've sheltered there myself."),
                say("skipper", "{callsign}, your call. Harbour or the island?"),
            ),
            asker="skipper",
            hint="Harbour or Gull Island?",
            expect=Expect("choice", right="island", options={
                "island": ("island", "gull", "lee", "shelter"), "harbour": ("harbour", "harbor", "home", "run")}),
            right=(say("skipper", "Turning for Gull Island. ... The sea's easing in the lee. Thank God."),),
            wrong=(say("skipper", "Running for the harbour. ..."),
                   say("harbour", "{boat}, turn away! The bar is breaking! Turn away!")),
            unclear=(say("skipper", "Coastguard, you're broken. I'm going for the island."),),
            silent=(say("skipper", "Coastguard? Anyone? ... I'll try the island on my own."),),
            went_right="You sheltered the {boat} in the lee of Gull Island.",
            went_wrong="The {boat} ran for a harbour mouth that was breaking white.",
        ),
        Beat(
            lines=(
                say("cox", "Lifeboat's launching. I missed the skipper's position in the noise."),
                say("cox", "{callsign}, read me the {boat}'s grid."),
            ),
            asker="cox",
            hint="Read back the boat's grid.",
            expect=Expect("number", right="{code}"),
            right=(say("cox", "Grid {code_spoken}, copy. Course set. Twenty minutes."),),
            wrong=(say("cox", "That grid is open sea, no boat there. Searching by radar. It'll take longer."),),
            unclear=(say("cox", "Say again, slowly? ... Forget it, we'll search by radar."),),
            silent=(say("cox", "Coastguard, I need that position! ... Nothing. Searching by radar."),),
            went_right="You relayed the boat's position to the lifeboat without a slip.",
            went_wrong="The lifeboat had to search by radar without the right position.",
        ),
        Beat(
            lines=(
                say("skipper", "Water's over the engine-room plates. Pumps are losing."),
                say("skipper", "Should my crew get into the survival suits and ready the life raft, {callsign}?"),
            ),
            asker="skipper",
            hint="Suits on and raft ready?",
            expect=Expect("yesno", right="yes"),
            right=(say("skipper", "Suits on. Raft ready. Everybody's clipped to the rail."),),
            wrong=(say("skipper", "No suits, copy... A wave just went over the deck. Suits on now, all of you!"),),
            unclear=(say("skipper", "I'm getting the suits on them anyway."),),
            silent=(say("skipper", "No answer. Suits on, lads, just in case."),),
            went_right="You had the crew in survival suits before the worst of it.",
            went_wrong="The crew were caught on deck without their survival suits.",
        ),
        Beat(
            lines=(
                say("harbour", "Wind's gusting over sixty knots. The helicopter is grounded above sixty."),
                say("cox", "Lifeboat is ten minutes off. Or we wait for the helicopter to be cleared."),
                say("cox", "{callsign}: lifeboat or helicopter?"),
            ),
            asker="cox",
            hint="Lifeboat or helicopter?",
            expect=Expect("choice", right="lifeboat", options={
                "lifeboat": ("lifeboat", "boat", "cox", "now"), "heli": ("helicopter", "heli", "chopper", "wait")}),
            right=(say("cox", "Lifeboat going in. ... Line across! One, two, three, four. All aboard!"),),
            wrong=(say("harbour", "Helicopter's still grounded. They're waiting in the water."),
                   say("cox", "We're going in anyway. Hold on, {boat}!")),
            unclear=(say("cox", "I'm not waiting on a grounded helicopter. Going in."),),
            silent=(say("cox", "Coastguard's quiet. Lifeboat going in."),),
            went_right="You sent the lifeboat in while the helicopter was grounded.",
            went_wrong="Time was lost waiting for a helicopter that could not fly.",
        ),
    ),
    chatter=(
        say("harbour", "Barometer still falling. Nine sixty-eight."),
        say("skipper", "Lost the port light. Never mind the lights."),
        say("cox", "Crew's in the boat, engines warm, spray over the bow already."),
        say("harbour", "The old men on the pier are praying. I might join them."),
        say("skipper", "Just the wind talking on the radio. Ignore it."),
    ),
    success=(
        say("cox", "All four crew aboard the lifeboat. Cold, wet and alive."),
        say("skipper", "{callsign}... thank you. I owe you a crate of the good stuff."),
    ),
    failure=(
        say("cox", "We have them, but it was a near thing. The {boat} is gone."),
        say("harbour", "Long night, coastguard. We'll go over it in the morning."),
    ),
    sign_off=say("harbour", "Harbour closing the channel. Good night, coastguard."),
    worried=(say("cox", "Coastguard's gone silent. Check the set."),
             say("skipper", "Is anyone listening? Anyone at all?")),
)

OUTBREAK = Archetype(
    key="outbreak",
    titles=("Fever in {town}", "The {town} Quarantine", "Water and Fire in {town}"),
    brief=(
        "A fever is spreading through {town}. You run the emergency radio for "
        "the response team: a doctor, the sheriff and a lab technician. Find "
        "the source, keep the town calm, and make the hard calls."
    ),
    story=(
        "In two days, forty people in {town} have come down with a high fever. "
        "{doctor} leads the response, {sheriff} keeps order, and {lab} runs "
        "samples in a mobile lab. The road out of town crosses the river bridge."
    ),
    task="Find the source of the fever and stop it spreading beyond {town}.",
    roles=(
        Role("doctor", "epidemiologist", "sharp, exhausted, compassionate", "female"),
        Role("sheriff", "county sheriff", "blunt, protective of the town", "male"),
        Role("lab", "lab technician", "precise, talks in numbers", "any"),
    ),
    variables={"town": ("Millbrook", "Hollow Creek", "Ashford", "Linden Falls")},
    opening=(
        say("doctor", "Response net, this is {doctor}. {callsign}, you are coordinating. Confirm you read."),
        say("lab", "{lab} at the mobile lab. Sample batch number is {code_spoken}. Log it, please, I'll need it."),
    ),
    beats=(
        Beat(
            lines=(
                say("lab", "Every sick patient so far drank from the east reservoir. That feeds the water plant."),
                say("doctor", "There's also a cluster at the school. We have kits for one site tonight."),
                say("doctor", "{callsign}, where do we test first? School or water plant?"),
            ),
            asker="doctor",
            hint="School or water plant?",
            expect=Expect("choice", right="water", options={
                "water": ("water", "plant", "reservoir"), "school": ("school", "kids", "children")}),
            right=(say("lab", "Water plant samples are positive. We've found it."),),
            wrong=(say("doctor", "School samples are clean. The children caught it at home. We've lost a night."),),
            unclear=(say("doctor", "Didn't catch that. We follow the data: water plant."),),
            silent=(say("doctor", "{callsign}? ... Nothing. Water plant, then. The data says so."),),
            went_right="You pointed the tests at the water plant and found the source.",
            went_wrong="Testing the school first cost a night while the source kept flowing.",
        ),
        Beat(
            lines=(
                say("sheriff", "Folks have heard. There's a line of cars on the bridge out of town."),
                say("doctor", "If the sick leave, it spreads to the county."),
                say("sheriff", "{callsign}, do I close the bridge?"),
            ),
            asker="sheriff",
            hint="Close the bridge?",
            expect=Expect("yesno", right="yes"),
            right=(say("sheriff", "Bridge is closed. People are angry, but they're turning around."),),
            wrong=(say("sheriff", "Bridge stays open. ... Two cars just left with fevered passengers."),),
            unclear=(say("sheriff", "I'll take that as close it. Closing."),),
            silent=(say("sheriff", "No word from coordination. I'm closing it on my own authority."),),
            went_right="You closed the bridge and kept the fever inside {town}.",
            went_wrong="The open bridge let the fever travel out of {town}.",
        ),
        Beat(
            lines=(
                say("lab", "Results are in, but my screen lost the batch label. I need the batch number to match them."),
                say("lab", "{callsign}, what was the sample batch number?"),
            ),
            asker="lab",
            hint="The sample batch number?",
            expect=Expect("number", right="{code}"),
            right=(say("lab", "Batch {code_spoken}, matched. It's a waterborne bacterium. Treatable."),),
            wrong=(say("lab", "That batch doesn't exist. Rerunning the samples, two more hours."),),
            unclear=(say("lab", "Numbers, please? ... I'll rerun them."),),
            silent=(say("lab", "No batch number? Rerunning. Two hours."),),
            went_right="You had the batch number logged, and the lab named the bacterium in time.",
            went_wrong="Without the batch number the lab had to rerun every sample.",
        ),
        Beat(
            lines=(
                say("doctor", "We have antibiotics for half the patients tonight, the rest by morning."),
                say("doctor", "Children first? The plant workers who keep the water running? {callsign}, you decide who gets the first doses."),
            ),
            asker="doctor",
            hint="Who gets the first doses?",
            expect=Expect("free"),
            right=(say("doctor", "\"{answer}\". Understood. It's on both of us now. Dosing."),),
            wrong=(say("doctor", "Dosing."),),
            unclear=(say("doctor", "Dosing by severity, then."),),
            silent=(say("doctor", "No answer. I'll dose by severity. I wanted your call on this one."),),
            went_right="You made the hard call on the first doses.",
            went_wrong="The hard call on the first doses was left to the doctor alone.",
        ),
    ),
    chatter=(
        say("sheriff", "Church hall's set up as a ward. Volunteers everywhere."),
        say("lab", "Centrifuge is noisy, sorry about the hum on this channel."),
        say("doctor", "Another patient in. Fever thirty-nine point five."),
        say("sheriff", "Someone's spreading rumours it's the new factory. I'm handling it."),
        say("lab", "Coffee number six. Still counting."),
    ),
    success=(
        say("doctor", "New cases are dropping. The water plant is shut and flushed."),
        say("sheriff", "{town} owes you one, {callsign}."),
    ),
    failure=(
        say("doctor", "We'll contain it, but it's reached the county. This will be a long week."),
        say("sheriff", "Not the night we wanted, {callsign}."),
    ),
    sign_off=say("doctor", "Response net standing down. Get some sleep, everyone."),
    worried=(say("sheriff", "Coordination's gone quiet. Is the radio room still manned?"),
             say("lab", "Nothing from coordination. Checking my set... it's fine.")),
)

# When another director wrote the brief (the offline director bridging for it),
# the callers are whoever that brief names: roles a, b, c by order.
GENERIC = Archetype(
    key="generic",
    titles=("{task}",),
    brief="{task}",
    story="{task}",
    task="{task}",
    roles=(Role("a", "caller", "", "any"), Role("b", "caller", "", "any"), Role("c", "caller", "", "any")),
    opening=(say("a", "{callsign}, this is {a}. The channel is clear again. Do you read?"),),
    beats=(
        Beat(
            lines=(say("a", "We're holding position while the link is patchy. The task stands: {task}"),
                   say("b", "Ready when you are. {callsign}, do we go ahead as planned?")),
            asker="b", hint="Go ahead as planned?", expect=Expect("yesno", right="yes"),
            right=(say("b", "Going ahead. Copy."),),
            wrong=(say("b", "Holding, then. We'll wait for your word."),),
            unclear=(say("b", "Say again? ... We go ahead."),),
            silent=(say("b", "Nothing heard. Going ahead on our own."),),
            went_right="You kept the plan moving while the link was patchy.",
            went_wrong="The team held back while the link was patchy.",
        ),
        Beat(
            lines=(say("c", "Something's changed out here. We need your read on it."),
                   say("a", "{callsign}, what do you want us to do next?")),
            asker="a", hint="What next?", expect=Expect("free"),
            right=(say("a", "\"{answer}\". Copy that, doing it."),),
            wrong=(say("a", "Copy."),),
            unclear=(say("a", "Copy."),),
            silent=(say("a", "No answer. We'll use our judgement."),),
            went_right="You gave the team a clear next step.",
            went_wrong="The team had to improvise without you.",
        ),
    ),
    chatter=(say("b", "Link's holding. For now."), say("c", "Quiet out here. Too quiet.")),
    success=(say("a", "That's done. Good work, {callsign}."),),
    failure=(say("a", "We got through it, just about."),),
    sign_off=say("a", "Signing off."),
    worried=(say("c", "Is anyone on this channel?"),),
)

ARCHETYPES = (RESCUE, HEIST, STORM, OUTBREAK)
