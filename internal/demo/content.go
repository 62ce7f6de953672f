package demo

// The sample content in this file is invented. It deliberately contains no
// personal data of any kind: no names, contact details, postcodes, dates of
// birth, reference numbers or addresses, and no graphic detail of abuse.

// Thread is a sample topic: a title, an opening post and its replies.
type Thread struct {
	Title   string
	Body    string // Markdown
	Replies []Reply
}

// Reply is a sample reply; its Replies answer it (threaded).
type Reply struct {
	Body    string // Markdown
	Replies []Reply
}

// Threads holds sample topics for each core-outcome group, keyed by the group's exact name.
var Threads = map[string][]Thread{
	"Working with core outcomes as a set": {
		{
			Title: "How are you using the core outcome set in support plan reviews?",
			Body: `We've started using the Modern Slavery Core Outcome Set to structure support plan reviews, and I'd like to hear how others do it before we build anything into our forms.

At the moment we:

- go through all eight outcomes at each review, not only the ones that feel urgent;
- ask the person we support which two or three matter most to them right now;
- note where another agency holds the next step, so it doesn't fall between services.

My worry is that it turns into a tick-box exercise, or that going through every outcome feels like an interrogation for someone who is already exhausted. **How do you keep it a conversation?** And has anyone found a way to show progress over time that isn't just a score?`,
			Replies: []Reply{
				{
					Body: `We stopped going through all eight in one sitting. We cover the person's own priorities first, then pick up the rest over the following sessions. The review form has a simple column: *talked about / not yet / person chose not to*. Reviews are shorter and, honestly, more honest.`,
					Replies: []Reply{
						{
							Body: `How do you record it when someone chooses not to talk about an outcome? Our manager wants every box filled in.`,
							Replies: []Reply{
								{Body: `We write "not discussed — person's choice" and leave it there. Deciding what to talk about is part of recovery, so we treat it as information rather than a gap. Our manager came round once we showed that people usually raised the subject themselves a few sessions later.`},
							},
						},
					},
				},
				{Body: `From the commissioning side of a council: please push back if anyone tries to turn the outcome set into a performance score. We're looking at it for contract monitoring and the risk of perverse incentives is real. I'd rather read a few short case narratives than a spreadsheet of percentages.`},
				{Body: `In our safe house we print the outcomes as a one-page picture sheet, translated into the main languages we see, and people point at what matters to them. It works far better than reading a list aloud.`},
			},
		},
		{
			Title: "Outcomes that pull against each other: safety versus staying near family",
			Body: `A tension we keep running into. A survivor we support wants to stay in the town where her children go to school and where she has a small network of friends from her church. Police advice is that the risk from the people who exploited her is highest in that same town.

Safety, housing, long-term support and purpose all point in slightly different directions here. I don't think the outcome set is meant to rank them, but in a multi-agency meeting it often feels as if safety wins by default and everything else is negotiable.

How do others hold these in balance? Is there a way of recording the person's own view of the trade-off so that it carries real weight in the meeting?`,
			Replies: []Reply{
				{
					Body: `Speaking as a police officer: risk advice isn't a veto. If we're asked, our job is to explain the risk and what we can do to reduce it, not to decide where someone lives. A good safety plan can sometimes make the preferred option workable — a marker on the address, a single point of contact at the station, agreed routes for the school run.`,
					Replies: []Reply{
						{Body: `This is really helpful, thank you. I think we've been treating the police view as final without ever asking what could make staying possible.`},
					},
				},
				{Body: `We add a short **"in the person's words"** section to the meeting minutes. It stops the discussion drifting into talking *about* someone rather than *with* them, and it's the first thing read out at the next meeting.`},
				{
					Body: `Worth remembering the person can attend the meeting, or part of it, with an advocate. It changes the tone completely.`,
					Replies: []Reply{
						{Body: `Agreed, though we prepare people beforehand about who will be in the room. Walking into a room of eight professionals can be overwhelming, so we sometimes hold the first half without the full group.`},
					},
				},
			},
		},
		{
			Title: "Using the outcome set for a handover when someone moves to another area",
			Body: `We're handing over support for a man in his forties who is moving to another local authority area after a positive conclusive grounds decision. In the past our handovers have been a referral form and a phone call, and things got lost.

This time I'd like to structure the handover around the core outcomes: where things stand on each one, who is doing what, and what the person has said matters most to him. With his consent, of course, and sharing only what the new service actually needs.

Has anyone got a handover template along these lines they'd be willing to describe? I'm particularly interested in how you handle information sharing and consent across two areas.`,
			Replies: []Reply{
				{
					Body: `Ours is one page with a row per outcome and three columns: *where things are*, *who holds the next step*, *what the person wants*. We agree the wording with the person before it goes anywhere. Anything sensitive stays out unless there is a clear reason for the new service to know it.`,
					Replies: []Reply{
						{
							Body: `Agreeing the wording with the person is such a good idea. Do you manage that in one session?`,
							Replies: []Reply{
								{Body: `Usually two. One to draft it together, with an interpreter if needed, and one a few days later to read it back. People often want to change things once they've slept on it.`},
							},
						},
					},
				},
				{Body: `If you can, do a three-way introduction — old worker, new worker and the person — before the move. Even a short video call helps people trust the new service.`},
			},
		},
	},

	"Secure and suitable housing": {
		{
			Title: "Council says no priority need at move-on from a safe house — what has worked?",
			Body: `We support a survivor who is due to leave safe-house accommodation at the end of his move-on period. The local authority housing team has indicated that they don't think he is in priority need, because he is a single man with no diagnosed health condition.

We think he is vulnerable: he was exploited for years, has limited English, and becomes very anxious in any dealings with officials. The Homelessness Code of Guidance has a chapter on modern slavery, and the statutory guidance covers move-on too:

- [Homelessness code of guidance for local authorities](https://www.gov.uk/guidance/homelessness-code-of-guidance-for-local-authorities)
- [Modern slavery: statutory guidance](https://www.gov.uk/government/publications/modern-slavery-how-to-identify-and-support-victims)

Has anyone had success challenging a priority need view in a case like this? What evidence made the difference?`,
			Replies: []Reply{
				{
					Body: `Housing officer here. What helps us most is a clear, factual letter setting out *how* the person's experience affects their ability to cope if homeless, compared with an ordinary person — that's the test we have to apply. A list of what happened is less useful than a description of what they struggle with day to day.

Also, make the referral early. Don't wait until the last week of move-on.`,
					Replies: []Reply{
						{
							Body: `That's a useful steer on the vulnerability test. Would a letter from the safe-house key worker carry weight, or do you need something clinical?`,
							Replies: []Reply{
								{Body: `A key worker letter does carry weight if it's specific and written by someone who knows the person well. Clinical evidence helps, but its absence shouldn't be decisive. If the decision is negative, ask for a review within the time limit given in the letter.`},
							},
						},
					},
				},
				{Body: `We got a positive outcome after requesting a review and adding a short note from the GP about sleep and anxiety. It took weeks, so start early.`},
				{Body: `Check the local connection question too. It can become an issue later, and some councils apply it more flexibly for survivors than others.`},
			},
		},
		{
			Title: "Housing offer close to where the person was exploited",
			Body: `A woman in her thirties we support has been offered a flat, but it's very close to where she was exploited. She accepted because she was told a refusal could end the council's duty to her, and now she barely leaves the flat.

I know suitability is meant to take account of the person's circumstances, but in practice the location was not raised with the housing team until after she had signed.

Two questions for the group:

1. How do you make sure location risk is raised **before** an offer is made?
2. Has anyone managed a management transfer or a reciprocal move in a case like this, and how long did it take?`,
			Replies: []Reply{
				{
					Body: `Council officer here. Some regions have reciprocal arrangements between councils and housing associations for people at risk of violence, and they can work for survivors of exploitation too. Ask the housing association about a management move on safety grounds, ideally with a supporting letter from the police if they know about the risk.`,
					Replies: []Reply{
						{Body: `From the police side: we'll generally write in support if we have a record of the risk. Ask the officer in the case, or your force's modern slavery lead, rather than the front counter.`},
					},
				},
				{Body: `For the future: with the person's agreement we now give the housing team a short **areas to avoid** note at the start of any homelessness application. It doesn't need to say why in any detail.`},
				{Body: `It may still be possible to ask for a review of the suitability of an offer after accepting it, but there are strict time limits. Get specialist housing advice quickly.`},
			},
		},
		{
			Title: "Shared accommodation after a safe house: has it ever worked well?",
			Body: `A common pattern for single adults is a move from a safe house into shared housing: a room in a house in multiple occupation, or supported housing with a shared kitchen and bathroom. For some people we support that's fine. For others, especially people who were exploited while living in crowded shared housing, it is re-traumatising — strangers coming and going, no lock on the bedroom, noise at night.

I'd like to hear from housing officers and providers about what makes shared accommodation more suitable: things we could ask for or check before a move. And from caseworkers: what has made a difference for people you've supported in shared housing?`,
			Replies: []Reply{
				{
					Body: `Things we now check before agreeing to a shared room:

- a lock on the bedroom door, and who else holds a key;
- how many people share, and whether it's single-sex;
- whether staff visit, and how often.

The last one cuts both ways. Some people find regular staff visits reassuring; others find them intrusive.`,
					Replies: []Reply{
						{Body: `Single-sex is such an important point. We had a young woman placed in mixed shared housing and it broke down within a week.`},
					},
				},
				{
					Body: `From a supported housing provider: tell us what the person needs, even in general terms. We can sometimes choose a quieter house or a ground-floor room if we know. Often all we're told is "single adult".`,
					Replies: []Reply{
						{
							Body: `Thanks — I think caseworkers often hold back for privacy reasons. Good to know that general information helps.`,
							Replies: []Reply{
								{Body: `Exactly. "Needs a quiet house and a room near the front door" tells us enough, without any history at all.`},
							},
						},
					},
				},
			},
		},
	},

	"Safety from any trafficker or other abuser": {
		{
			Title: "Adult declined an NRM referral: what happens after a Duty to Notify?",
			Body: `A question from a police first responder. We've met a man who shows several indicators of forced labour but does not want to be referred into the National Referral Mechanism. As he's an adult we can't refer him without consent, so we made a Duty to Notify notification to the Home Office instead.

What I'm less clear on is what happens next for his safety. The notification doesn't bring any support with it. In practice:

- who, if anyone, keeps in touch with him?
- is there anything an NGO can offer someone outside the NRM?
- could the notification itself put him at risk?

For reference: [Modern slavery: duty to notify](https://www.gov.uk/government/publications/modern-slavery-duty-to-notify)`,
			Replies: []Reply{
				{
					Body: `NGO caseworker here. Many organisations will support people outside the NRM — advice, a drop-in, help with unpaid wages or housing — and some people change their mind about a referral once they trust someone. If he's willing, a warm introduction is worth far more than a leaflet.`,
					Replies: []Reply{
						{
							Body: `That's useful. Would you accept an introduction from the police for someone who hasn't consented to the NRM, as long as he agrees to talk to you?`,
							Replies: []Reply{
								{Body: `Yes, with his agreement to the introduction. We're clear with people that talking to us doesn't commit them to anything, and that we're independent of both the police and the Home Office.`},
							},
						},
					},
				},
				{Body: `On risk: when an adult doesn't consent, the notification should not include details that would identify him. Check that your form reflects that.`},
				{Body: `Don't forget the safeguarding route. If he has care and support needs, a referral to adult social care doesn't depend on consenting to the NRM.`},
			},
		},
		{
			Title: "Safety planning around phones and social media",
			Body: `Phones keep coming up in our safety planning. The people we support often arrive with a phone someone else gave them, or one the people who exploited them know the passcode to, and they're understandably reluctant to give it up — it's their link to family.

What we currently suggest:

- a new SIM and number, with only trusted contacts added;
- turning off location sharing and checking which accounts are signed in;
- a conversation about what photos and check-ins can reveal.

We're not technical, though, and I'm sure we're missing things. **What does your phone safety conversation cover?** Any good plain-language resources?`,
			Replies: []Reply{
				{
					Body: `From a police perspective: look for apps the person didn't install, and accounts that are shared or were set up for them by someone else. If the phone might hold evidence, talk to the police before anything is reset.`,
					Replies: []Reply{
						{Body: `Good point about evidence. We once advised a factory reset and later wished we hadn't.`},
					},
				},
				{Body: `We do a "what could someone learn from your last ten photos" exercise together. It lands far better than a list of rules.`},
				{
					Body: `Keep it person-led. Being cut off from family can feel like another loss of control, so help people decide what feels safe rather than telling them.`,
					Replies: []Reply{
						{
							Body: `Yes. For some people, the relatives they most need to stay in touch with are also the route by which they could be found. There's no template for that.`,
							Replies: []Reply{
								{Body: `We've had some success agreeing a "safe contact" routine for a while — family calls made from the office phone with a worker nearby — as a middle ground.`},
							},
						},
					},
				},
			},
		},
		{
			Title: "Survivor thinks he has been seen by someone connected to the exploiters",
			Body: `A survivor we support told staff that a man connected to the group who exploited him was standing outside the local supermarket and looked straight at him. He's now frightened to leave the house and is talking about leaving the safe house altogether.

We've reported it to the police and reviewed his safety plan, but I'd welcome thoughts on:

- how quickly others have moved someone in a situation like this;
- how you weigh a possible sighting against the disruption of another move;
- whether Slavery and Trafficking Prevention Orders or Risk Orders have helped in practice.

The relevant law is in the [Modern Slavery Act 2015](https://www.legislation.gov.uk/ukpga/2015/30/contents).`,
			Replies: []Reply{
				{Body: `Safe-house manager here. We take a possible sighting seriously even when we can't verify it. A move within the Victim Care Contract network can be arranged, but talk it through with him first — an unplanned move can feel like being moved around all over again.`},
				{
					Body: `Police officer here. Prevention and risk orders are used, but they need evidence and time. In the short term a report lets us look at patrols, a marker on the address and any intelligence we hold. Let the officer know whether he'd be willing to give a statement — he doesn't have to.`,
					Replies: []Reply{
						{
							Body: `Thanks. He isn't ready to give a statement, and we've told him his support doesn't depend on it.`,
							Replies: []Reply{
								{Body: `Quite right. Support through the NRM doesn't depend on cooperating with the police, and it helps to say that out loud, more than once.`},
							},
						},
					},
				},
			},
		},
	},

	"Long-term, consistent support": {
		{
			Title: "What happens after move-on support ends? Who picks things up?",
			Body: `We keep seeing the same gap after a positive conclusive grounds decision. The move-on period ends and the person we support still has unfinished business: a benefits claim in progress, a housing application, hospital appointments, a court case that may be a year away.

A Recovery Needs Assessment helps some people, but not everyone meets the threshold and not everyone wants continued support through the contract.

**Where does long-term support come from in your area?** Local NGOs, council services, faith groups, volunteers? And how do you hand over without the person feeling dropped?`,
			Replies: []Reply{
				{
					Body: `We've built a small "light touch" offer: a monthly check-in for a year after move-on, by phone or at a drop-in. It's funded by a charitable grant, so it isn't secure, but people use it and it catches problems early.`,
					Replies: []Reply{
						{
							Body: `How do you keep the staffing consistent? Our biggest problem is people being passed from one worker to the next.`,
							Replies: []Reply{
								{Body: `One worker holds the check-ins for each person for the whole year, even if they change role within the team. It's a rule we protect.`},
							},
						},
					},
				},
				{Body: `Some councils have a modern slavery coordinator who can help join things up after move-on. If yours doesn't, ask the community safety partnership who leads on modern slavery locally.`},
				{Body: `Submit the Recovery Needs Assessment even when you're unsure. Be specific about each need and how it links to the exploitation.`},
			},
		},
		{
			Title: "Keeping the same caseworker through a long wait for a conclusive grounds decision",
			Body: `The people we support are waiting a long time for conclusive grounds decisions, in some cases well over a year. Over that time staff leave, services are recommissioned and people move. One woman we support has had four caseworkers since her reasonable grounds decision, and each time she has had to retell parts of her story and rebuild trust.

We can't fix decision times, but we can look at our own side. What have you done to keep continuity when staff change? Things I'm considering:

- an overlap period in which the old and new worker meet the person together;
- a short "what I want my new worker to know" note, written with the person;
- keeping the same interpreter where possible.`,
			Replies: []Reply{
				{Body: `The "what I want you to know" note works. We keep it in the person's own words and they decide what goes in. New workers read it before the first meeting, so nobody is asked to start from the beginning again.`},
				{
					Body: `Keeping the same interpreter is underrated. For some people the interpreter is the most consistent person in the whole process.`,
					Replies: []Reply{
						{Body: `Agreed, but watch the boundaries. We've had interpreters drawn into giving advice because the person trusted them more than us.`},
					},
				},
				{Body: `Exit interviews with staff who leave have helped us. Most of our turnover turned out to be about caseload size, which at least gave us evidence to take to funders.`},
			},
		},
		{
			Title: "Writing a Recovery Needs Assessment that reflects real needs",
			Body: `I'm a caseworker fairly new to submitting Recovery Needs Assessments for people coming to the end of move-on support. I've had one approved and one refused, and the refused one looked to me like the person with the greater need.

For those with more experience:

- how much detail do you give about the link between each need and the exploitation?
- do you include evidence from other professionals, and which kinds carry weight?
- what do you do when a need is real but hard to evidence, like isolation or fear of going out?

The process is described in the [statutory guidance](https://www.gov.uk/government/publications/modern-slavery-how-to-identify-and-support-victims).`,
			Replies: []Reply{
				{
					Body: `Be specific and concrete. "Needs emotional support" is weak. "Cannot attend appointments alone because of panic when travelling, and has missed three hospital appointments this year" is strong. Link each need to what happened and to what the support would actually do about it.`,
					Replies: []Reply{
						{Body: `That's a really helpful example, thank you. Our refused one was full of general phrases.`},
					},
				},
				{
					Body: `Short letters from the GP, a counsellor or a housing officer help. Ask them to describe what they have seen, not to give an opinion on eligibility.`,
					Replies: []Reply{
						{
							Body: `And give them a deadline well ahead of yours. Letters can take weeks.`,
							Replies: []Reply{
								{Body: `Some practices charge for letters that aren't NHS work, too. Check before you promise the person one.`},
							},
						},
					},
				},
			},
		},
	},

	"Trauma-informed services": {
		{
			Title: "Trauma-informed police interviews: what has actually helped?",
			Body: `I'm a detective working on modern slavery investigations. We've all had the training on trauma-informed practice, but I'd like to hear from support workers about what makes a real difference when survivors are interviewed by police — and what we do that makes things worse without realising.

Some things we've changed recently:

- offering breaks before they're asked for;
- explaining at the start what will happen to what the person tells us;
- letting the person choose where to sit, with their support worker in the building.

The definition we work from is the [working definition of trauma-informed practice](https://www.gov.uk/government/publications/working-definition-of-trauma-informed-practice). What else should we be doing?`,
			Replies: []Reply{
				{
					Body: `Caseworker here. Please don't treat inconsistencies as a sign of lying. Memory after trauma is often fragmented, and details can change as people feel safer. The statutory guidance says this too.`,
					Replies: []Reply{
						{Body: `Yes — we try to build that into how accounts are evaluated, but it helps to hear it from the support side.`},
					},
				},
				{Body: `Explain what happens afterwards as well: what comes next, roughly when they'll hear, and who to contact in the meantime. Silence after an interview is hard to live with.`},
				{
					Body: `Ask about interpreter preferences — gender, dialect, and whether they're comfortable with someone from their own community. Some people are not.`,
					Replies: []Reply{
						{
							Body: `This. We've had people go quiet because the interpreter came from the same small town.`,
							Replies: []Reply{
								{Body: `We now ask the agency which region and dialect the interpreter has, and check with the person beforehand, without sharing anything that would identify the interpreter.`},
							},
						},
					},
				},
			},
		},
		{
			Title: "Working with interpreters in a trauma-informed way",
			Body: `Most of the people we support need an interpreter for anything important, and the quality varies a lot. We've had interpreters summarising instead of interpreting, adding their own advice, and once openly expressing disbelief at what the person was saying.

I'm putting together a short briefing for interpreters who work with our service. So far:

- interpret everything, in the first person, without summarising;
- no advice, no opinions, no side conversations;
- tell us straight away if you know the person or their family;
- it's fine to ask for a break.

**What would you add?** And how do you support the interpreters themselves? They hear the same accounts we do.`,
			Replies: []Reply{
				{
					Body: `Add a pre-brief and a debrief. Five minutes before to say what the session is about and what might come up, and five minutes after to check in. It improves the interpreting, and it's basic care for the interpreter.`,
					Replies: []Reply{
						{Body: `We do the pre-brief but never the debrief. Adding it from this week.`},
					},
				},
				{Body: `Ask for the same interpreter across sessions where you can, and let the person say they'd rather not have a particular interpreter again without having to give a reason.`},
				{Body: `From a GP practice: for health appointments, please book a professional interpreter rather than relying on a relative or friend. When someone arrives with a companion who insists on speaking for them, that can itself be a warning sign.`},
			},
		},
		{
			Title: "Supervision and vicarious trauma in a small team",
			Body: `We're a team of four in a small charity. We have no clinical supervision, and most of our support for each other happens informally at the end of the day. After a difficult few months two of us are feeling it: poor sleep, dreading certain calls, less patience than we'd like.

Trauma-informed services have to include the people who provide them. What have small teams done to get proper supervision or reflective practice without a big budget? Have any of you shared a supervisor with another organisation, or used peer supervision in a structured way?`,
			Replies: []Reply{
				{
					Body: `We share a clinical supervisor with two other small charities in our region. Monthly group sessions, with the cost split three ways. It's made a big difference, partly just because it's protected time.`,
					Replies: []Reply{
						{
							Body: `Would you be willing to describe how you set it up — agreements, confidentiality, that kind of thing?`,
							Replies: []Reply{
								{Body: `A simple written agreement between the three organisations, plus the supervisor's own confidentiality terms. We keep case details anonymised in sessions, which we'd be doing anyway.`},
							},
						},
					},
				},
				{Body: `Structured peer supervision works if you stick to a format: one person brings a case, the others ask questions before anyone gives advice, and you finish on time.`},
				{Body: `Look after the basics too. No difficult calls in the last half hour of the day if you can avoid it, and a proper handover so nobody carries cases home.`},
			},
		},
	},

	"Finding purpose in life and self-actualisation": {
		{
			Title: "Volunteering while waiting for a decision — what's allowed and what helps?",
			Body: `Several people we support are waiting for conclusive grounds or immigration decisions and don't have permission to work. They're bored and low, and they tell us they want to be useful. Volunteering seems the obvious answer, but we've had mixed advice about what counts as volunteering and what might be treated as unpaid work.

What's your understanding of where the line is? And what kinds of volunteering have worked well for the people you support? I'm keen to hear about the practical side as much as the rules — travel costs, confidence, finding organisations that are welcoming.`,
			Replies: []Reply{
				{
					Body: `Broadly, volunteering for a charity or public body is usually fine; what causes problems is anything that looks like a job — fixed hours, a contract, payment beyond genuine expenses, or filling a post that would otherwise be paid. Check the Home Office guidance that applies to the person's status, and get immigration advice if in doubt.`,
					Replies: []Reply{
						{Body: `That matches what our immigration adviser told us. We also read the role description before introducing anyone.`},
					},
				},
				{
					Body: `Community gardens have worked best for us. Outdoors, low pressure, people can come and go, and nobody asks much about your past.`,
					Replies: []Reply{
						{
							Body: `Same here. One man we support now helps run the seed swap, and it has done more for him than any session with us.`,
							Replies: []Reply{
								{Body: `Lovely to hear. Having something to be good at, in front of other people, is so much of recovery.`},
							},
						},
					},
				},
				{Body: `Be careful that volunteering doesn't recreate the dynamics of exploitation: being told what to do with no say, long hours, no thanks. Choose organisations that treat volunteers well.`},
			},
		},
		{
			Title: "Helping survivors plan for work once they have permission",
			Body: `A survivor we support has just been granted leave and wants to start work as soon as she can. She was exploited in domestic work and is clear that she never wants to do cleaning or care work again, yet most of the jobs she's being pointed towards are exactly that.

How do you help people think about what they want, rather than what's quickest? Jobcentre work coaches vary a lot, and some people feel pressure to take anything.

Useful so far:

- the [National Careers Service](https://nationalcareers.service.gov.uk/), which offers free advice;
- local ESOL for work courses.`,
			Replies: []Reply{
				{Body: `We do a "what do you want your days to look like" exercise before talking about jobs at all. It gets past the idea that the only options are the kinds of work people were exploited in.`},
				{
					Body: `Ask the Jobcentre to tailor the claimant commitment to the person's circumstances. Work coaches can do this, and it helps to ask in writing with a short supporting letter.`,
					Replies: []Reply{
						{Body: `We got the claimant commitment adjusted for a man we support so that he could finish his ESOL course first. It took a letter, but it worked.`},
					},
				},
				{Body: `Some regions have employment projects specifically for survivors, and a few employers run supported placements. Ask your local modern slavery partnership what exists near you.`},
			},
		},
		{
			Title: "Peer groups and creative projects: setting one up safely",
			Body: `We'd like to start a small peer group for women we support — cooking, crafts, perhaps some walking — eventually led by the women themselves. Several have said that what they long for most is doing ordinary things with other people.

Before we start, I'd like to learn from anyone who has run something similar:

- how do you manage confidentiality in a group where people may know something of each other's backgrounds?
- how do you handle it if someone discloses something during the group?
- how do you move from staff-led to peer-led without it falling apart?

Any lessons are welcome, especially the mistakes.`,
			Replies: []Reply{
				{
					Body: `Agree ground rules together at the first session and revisit them now and then. Ours include "what's said here stays here" and **"nobody has to talk about the past"**. Keep the focus on the activity; the conversation follows.`,
					Replies: []Reply{
						{Body: `"Nobody has to talk about the past" is key. Some groups drift into sharing stories and it can overwhelm people.`},
					},
				},
				{Body: `Have a staff member present but in the background for the first few months, and agree in advance what happens if someone becomes distressed. We keep a quiet room free and one designated member of staff on hand.`},
				{
					Body: `Pay peer leaders properly if they have permission to work, or at least cover expenses and offer training. Otherwise "peer-led" can quietly mean "unpaid".`,
					Replies: []Reply{
						{Body: `Good point — and check that any expenses won't cause problems with someone's benefits or immigration status.`},
					},
				},
			},
		},
	},

	"Access to medical treatment": {
		{
			Title: "GP practice refused registration because the survivor has no proof of address",
			Body: `A survivor we support tried to register with the GP practice nearest the safe house and was told she couldn't without proof of address and photo ID. She has neither.

My understanding is that a practice shouldn't refuse registration because someone lacks proof of address, ID or a particular immigration status. The NHS guidance for patients says as much: [How to register with a GP surgery](https://www.nhs.uk/nhs-services/gps/how-to-register-with-a-gp-surgery/).

How have others handled this? I'd like to resolve it without making the practice defensive, because we'll be working with them for a long time.`,
			Replies: []Reply{
				{
					Body: `Practice manager here. Reception staff sometimes ask for documents out of habit. A polite call to the practice manager usually sorts it out. It can also help to explain that the safe house can be given as a care-of address, or that the practice address can be used if needed.`,
					Replies: []Reply{
						{
							Body: `Thank you. Is there a risk that the safe-house address ends up somewhere it shouldn't?`,
							Replies: []Reply{
								{Body: `Ask the practice about treating the address as sensitive on the patient record. There is a process for this, and it limits who can see the address. Raise it at registration rather than afterwards.`},
							},
						},
					},
				},
				{Body: `If a practice still refuses, the local integrated care board can step in. In our experience it rarely gets that far.`},
				{Body: `Also worth saying clearly to the person: registering with a GP doesn't depend on immigration status, and GP appointments are free for everyone.`},
			},
		},
		{
			Title: "Dental treatment for survivors: any routes that actually work?",
			Body: `Dental pain is one of the most common health problems we see in people leaving exploitation, and one of the hardest to get treated. The NHS dental practices near us aren't taking new adult patients, and the person we currently support has had toothache for weeks.

Routes we've tried:

- NHS 111 for urgent dental care, which got an emergency appointment but no follow-up;
- ringing every practice within a bus ride;
- asking the GP, who can't treat dental problems.

If you've found anything that works — community dental services, dental schools, charity clinics — please share. General information is on the [NHS dentists page](https://www.nhs.uk/nhs-services/dentists/).`,
			Replies: []Reply{
				{Body: `Community dental services sometimes accept people with additional needs, and survivors can meet their criteria. Ask the integrated care board how referral works in your area.`},
				{
					Body: `Sort out help with costs at the same time. The NHS Low Income Scheme (the HC2 certificate) covers dental charges, and people often don't know it exists.`,
					Replies: []Reply{
						{Body: `Yes, and people on some benefits are exempt already. Check before they pay anything.`},
					},
				},
				{
					Body: `Urgent dental care through NHS 111 has been our only reliable route too. At each urgent appointment we ask whether they can offer a course of treatment; sometimes they can.`,
					Replies: []Reply{
						{Body: `Same. It's worth asking the urgent care clinic directly whether they're commissioned to complete treatment — some are.`},
					},
				},
			},
		},
		{
			Title: "Hospital charging letter sent to a survivor in the NRM",
			Body: `A man we support received a letter from a hospital's overseas visitors team saying he would be charged for inpatient treatment. He has a positive reasonable grounds decision and is supported through the Modern Slavery Victim Care Contract. The letter has frightened him badly, and he now says he won't go back to hospital.

My understanding is that victims of modern slavery identified through the NRM are exempt from these charges. The [NHS entitlements: migrant health guide](https://www.gov.uk/guidance/nhs-entitlements-migrant-health-guide) sets out who is exempt.

Who have you contacted to get charges cancelled, and what evidence did they need?`,
			Replies: []Reply{
				{
					Body: `Contact the overseas visitors manager at the trust directly. They'll need confirmation of the reasonable grounds or conclusive grounds decision; a letter from the support provider confirming it is often enough, but ask what they will accept.`,
					Replies: []Reply{
						{
							Body: `Thanks. Do you know whether the exemption covers treatment given before the reasonable grounds decision?`,
							Replies: []Reply{
								{Body: `It depends on the timing, so ask the overseas visitors manager how they apply it, and get advice if the answer is no. Either way, urgent or immediately necessary treatment should never be withheld.`},
							},
						},
					},
				},
				{Body: `Reassure him that urgent treatment won't be refused because of a bill, and that the letter has no effect on his support.`},
				{Body: `We keep a short template letter for this now. It has happened three times this year alone.`},
			},
		},
	},

	"Access to education": {
		{
			Title: "ESOL waiting lists are months long — what are people doing in the meantime?",
			Body: `The ESOL provision near us has a long waiting list, and the people we support are often told to come back next term. English is the key to so much else — appointments, housing, work, confidence — and waiting months feels like a wasted opportunity.

What do you use in the meantime? We've heard of:

- conversation clubs run by libraries and faith groups;
- volunteer one-to-one tutoring;
- free online courses, though not everyone has a device or data.

Also, does anyone understand how eligibility for funded ESOL works for survivors in the NRM? We've had different answers from different colleges.`,
			Replies: []Reply{
				{
					Body: `Eligibility for fully funded ESOL depends on residency and immigration status, and it varies by area because adult skills funding is devolved in some places. Ask the college to check their current funding rules and reply in writing; we've had a "no" turn into a "yes" that way.`,
					Replies: []Reply{
						{Body: `Helpful — we'd assumed the first answer was final.`},
					},
				},
				{
					Body: `Conversation clubs are great for confidence, but check how they're run. Some are very informal, and well-meaning volunteers can end up asking personal questions.`,
					Replies: []Reply{
						{
							Body: `Yes — we brief volunteers that they must never ask why someone is in the UK. It seems obvious, but it happens.`,
							Replies: []Reply{
								{Body: `We put that in a one-page volunteer code for our club: **talk about today and tomorrow, not the past.**`},
							},
						},
					},
				},
				{Body: `Libraries often lend devices and data SIMs. Worth asking at the desk.`},
			},
		},
		{
			Title: "School place for a child in a family supported under Section 17",
			Body: `I work in a local authority children's services team. We're supporting a family under Section 17 of the Children Act 1989: the mother is a survivor of trafficking with no recourse to public funds, and her son, who is of primary school age, hasn't been in school since they arrived in our area.

Getting him a place has been slower than it should be. The in-year admissions form asks for proof of address, and the family is in temporary accommodation that we arranged.

For anyone who has been through this:

- how did you speed up an in-year admission?
- what did the school need in order to support the child well?

For reference: [Children Act 1989, section 17](https://www.legislation.gov.uk/ukpga/1989/41/section/17).`,
			Replies: []Reply{
				{
					Body: `Talk to your own admissions team directly: they can accept written confirmation of the address from you, since you arranged the accommodation. Children missing education officers can help push it through, and check whether your local Fair Access Protocol applies.`,
					Replies: []Reply{
						{Body: `Thanks — we hadn't thought about Fair Access. I'll ask admissions today.`},
					},
				},
				{
					Body: `Caseworker here. For the school: a short briefing with the designated safeguarding lead, with the mother's consent, about the need for discretion. No detail about the exploitation is needed — just that there are safety concerns and who to contact.`,
					Replies: []Reply{
						{
							Body: `And ask the school not to use photos of the child on social media or in newsletters. That one often gets missed.`,
							Replies: []Reply{
								{Body: `Good point. Schools usually have a photo consent form; make sure it's completed with a clear "no".`},
							},
						},
					},
				},
				{Body: `Check free school meals too. Some families with no recourse to public funds are now eligible, so ask the council's free school meals team.`},
			},
		},
		{
			Title: "Getting overseas qualifications recognised when documents are missing",
			Body: `A survivor we support trained as a nurse before she came to the UK and wants to return to nursing. Another person we support was a qualified electrician. Neither has their certificates: the documents were lost, or kept by the people who exploited them.

I know UK ENIC can compare qualifications with UK levels, and professional regulators have their own routes, but all of them seem to need documents that the people we support can't get.

Has anyone helped someone rebuild evidence of their qualifications, or found alternatives such as assessment, or retraining with credit for prior learning? And is there any funding for this?`,
			Replies: []Reply{
				{Body: `Some colleges offer recognition of prior learning, which can shorten a course considerably. The person may need to show skills in practice rather than on paper. Ask the college's adult learning or admissions team.`},
				{
					Body: `For regulated professions like nursing, talk to the regulator early. The process is long, but they do deal with people whose documents are missing, and simply knowing the route can be motivating.`,
					Replies: []Reply{
						{
							Body: `We found it helped to break it into steps: the English test first, then the rest. Having a date for the English test kept her going through ESOL.`,
							Replies: []Reply{
								{Body: `That's a good approach — small steps with a clear end point. We've seen motivation collapse when the whole route is presented at once.`},
							},
						},
					},
				},
				{Body: `Sometimes copies can be obtained from the institution in the country of origin, but think about safety first. Contacting people back home can alert the people who exploited them.`},
			},
		},
	},
}

// ShortReplies are brief replies used to pad threads when generating larger data.
var ShortReplies = []string{
	"Thanks, this is really useful — we had the same problem with move-on last month.",
	"Same experience here. Starting early made all the difference.",
	"Really helpful thread. Saving this for our next team meeting.",
	"We've found exactly the same. Consistency matters more than anything else.",
	"Agree with all of this, especially the point about interpreters.",
	"Thank you for sharing the template idea — we'll try it.",
	"Worth raising at your local modern slavery partnership too.",
	"Good question. Following this one with interest.",
	"This matches our experience: decisions are taking far longer than anyone expects.",
	"We had a positive result after asking for a review. Don't give up.",
	"Useful reminder that support doesn't depend on cooperating with the police.",
	"Can confirm the GP registration advice — a call to the practice manager sorted it for us.",
	"Keep it person-led. That's the part that always gets lost.",
	"Thanks for the link to the statutory guidance, very handy to have in one place.",
	"Our local authority has a modern slavery lead now, which has helped a lot.",
	"Same here — the waiting list for ESOL is long and people lose heart.",
	"It took us weeks, but the housing review did go our way in the end.",
	"We ask the person first, every time. It slows things down but it's worth it.",
	"Great point about not asking people about the past.",
	"This is a really thoughtful post. Thank you.",
	"We do something similar and it works well for most people.",
	"Worth checking with an immigration adviser before anything is signed.",
	"Interesting — we'd never thought to ask for the same interpreter each time.",
	"Agreed. A warm introduction beats a leaflet every time.",
	"Sharing this with our safe-house team.",
	"We've had the same issue with hospital charging letters. Persistence paid off.",
	"Clear, practical and kind. Thanks for writing this up.",
	"Has anyone tried this approach with young people leaving care?",
	"Protected time for supervision has been a lifeline for our team.",
	"Yes — and write it down, including what the person chose not to discuss.",
	"Thanks, that's exactly the steer I needed.",
	"Good to know we're not the only ones struggling with this.",
	"Small steps with clear goals have worked best for the people we support.",
	"We added this to our handover checklist after reading this thread.",
	"Please do share how it goes.",
	"This is where a good multi-agency meeting really earns its keep.",
	"Seconded. The person's own words carry more weight than our summaries.",
	"A community garden helped more than any formal programme we tried.",
	"Really important point about safety when contacting family abroad.",
	"Thank you — passing this on to the first responders in our team.",
}

// Words is a vocabulary of practice words (about 300 distinct lowercase words) for generating large realistic-looking text.
var Words = []string{
	"support", "survivor", "caseworker", "safeguarding", "referral", "housing", "tenancy", "accommodation", "interpreter", "consent",
	"assessment", "recovery", "outcome", "trauma", "wellbeing", "resilience", "advocacy", "partnership", "council", "police",
	"officer", "practitioner", "health", "practice", "registration", "appointment", "treatment", "medication", "dentist", "hospital",
	"clinic", "counselling", "therapy", "education", "college", "learning", "english", "course", "tutor", "volunteer",
	"employment", "training", "skills", "confidence", "purpose", "community", "group", "peer", "mentor", "network",
	"family", "children", "school", "welfare", "benefits", "income", "budget", "debt", "bank", "account",
	"identity", "document", "passport", "immigration", "status", "decision", "review", "appeal", "evidence", "statement",
	"interview", "investigation", "prosecution", "court", "witness", "risk", "safety", "plan", "trust", "continuity",
	"handover", "transition", "move", "landlord", "neighbour", "area", "transport", "travel", "bus", "journey",
	"routine", "sleep", "anxiety", "memory", "fear", "hope", "progress", "goal", "strengths", "choice",
	"control", "dignity", "respect", "listening", "boundaries", "supervision", "reflection", "team", "manager", "commissioner",
	"contract", "funding", "grant", "charity", "service", "provider", "agency", "coordinator", "lead", "meeting",
	"minutes", "agenda", "notes", "record", "information", "sharing", "confidentiality", "privacy", "disclosure", "exploitation",
	"labour", "forced", "domestic", "servitude", "trafficking", "slavery", "modern", "victim", "indicator", "identification",
	"responder", "notification", "duty", "statutory", "guidance", "legislation", "policy", "procedure", "protocol", "framework",
	"standard", "quality", "feedback", "evaluation", "relationship", "stability", "worker", "key", "named", "person",
	"voice", "wishes", "needs", "priorities", "choices", "options", "letter", "form", "application", "deadline",
	"waiting", "list", "queue", "delay", "backlog", "response", "local", "authority", "homelessness", "priority",
	"vulnerability", "suitability", "offer", "refusal", "temporary", "permanent", "shared", "room", "kitchen", "lock",
	"door", "flat", "house", "hostel", "refuge", "shelter", "outreach", "helpline", "advice", "adviser",
	"solicitor", "legal", "aid", "rights", "entitlement", "eligibility", "exemption", "charging", "overseas", "visitor",
	"surgery", "receptionist", "nurse", "midwife", "pharmacy", "prescription", "specialist", "mental", "physical", "pain",
	"toothache", "dental", "optician", "vaccination", "screening", "pregnancy", "maternity", "sexual", "infection", "diagnosis",
	"symptom", "esol", "literacy", "numeracy", "qualification", "certificate", "diploma", "apprenticeship", "placement", "job",
	"coach", "jobcentre", "claimant", "commitment", "universal", "credit", "allowance", "payment", "wages", "employer",
	"workplace", "shift", "hours", "recruitment", "bondage", "coercion", "threat", "isolation", "movement", "restriction",
	"escape", "rescue", "chair", "partner", "board", "strategy", "serious", "case", "lessons", "improvement",
	"audit", "inspection", "standards", "translation", "language", "dialect", "culture", "faith", "church", "mosque",
	"temple", "garden", "cooking", "craft", "walking", "sport", "music", "art", "photography", "drama",
	"theatre", "library", "reading", "writing", "poetry", "story", "belonging", "friendship", "kindness", "patience",
}
