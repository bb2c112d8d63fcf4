package dev.jacorn.samples.springmvc;

import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The owners: a list page, and a form that shows the validation messages next to its fields
 * (200) or stores the owner and redirects to the list (302, post/redirect/get) with a flash message.
 */
@Controller
public class OwnerController {

    private final OwnerRepository owners;

    public OwnerController(OwnerRepository owners) {
        this.owners = owners;
    }

    @InitBinder
    public void noIdFromTheForm(WebDataBinder binder) {
        binder.setDisallowedFields("id");
    }

    @GetMapping("/")
    public String home() {
        return "redirect:/owners";
    }

    @GetMapping("/owners")
    public String list(Model model) {
        model.addAttribute("owners", owners.findAll());
        return "owners/list";
    }

    @GetMapping("/owners/new")
    public String form(Model model) {
        model.addAttribute("owner", new Owner());
        return "owners/form";
    }

    @PostMapping("/owners/new")
    public String add(@Valid @ModelAttribute("owner") Owner owner, BindingResult result, RedirectAttributes redirect) {
        if (result.hasErrors()) {
            return "owners/form";
        }
        owners.save(owner);
        redirect.addFlashAttribute("added", owner.getFirstName() + " " + owner.getLastName());
        return "redirect:/owners";
    }
}
